#pragma once
// What an import from the database webhook writes: the source row
// remembered (item_imports), the item, and the job that fetches its photo,
// in one transaction. The only code of the import that speaks SQL.

#include <string>

#include "db/pool.h"
#include "wardrobe/item_import.h"

namespace stylist::wardrobe {

class ItemImportStore {
 public:
  virtual ~ItemImportStore() = default;

  struct Imported {
    bool created = false;  // false: the row was imported before
    std::string item_id;   // "" when the earlier import's item was deleted since
  };
  // Imports `record` as an item of the user unless its row was imported
  // before (by any user: the row's id is the project's); queues the fetch of
  // its photo with `max_attempts`. FAILED_PRECONDITION when the wardrobe is
  // full (nothing written).
  virtual Imported Import(const std::string& user_id, const ItemRecord& record, int max_attempts) = 0;
};

class PgItemImportStore final : public ItemImportStore {
 public:
  explicit PgItemImportStore(db::Pool& pool) : pool_(pool) {}
  Imported Import(const std::string& user_id, const ItemRecord& record, int max_attempts) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::wardrobe
