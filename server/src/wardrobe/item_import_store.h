#pragma once
// What an import from the database webhook writes: the source row
// remembered (item_imports), the item, and the job that fetches its photo,
// in one transaction. The only code of the import that speaks SQL.

#include <chrono>
#include <optional>
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
  // The item an earlier import of the row made ("" when deleted since);
  // nullopt when the row was never imported.
  virtual std::optional<std::string> ImportedItem(const std::string& record_id) = 0;
  // Imports `record` as an item of the user unless its row was imported
  // before (by any user: the row's id is the project's); queues the fetch of
  // its photo with `max_attempts`, `pace` after the user's last import
  // still waiting when pace is not zero. FAILED_PRECONDITION when the
  // wardrobe is full (nothing written).
  virtual Imported Import(const std::string& user_id, const ItemRecord& record, int max_attempts,
                          std::chrono::milliseconds pace) = 0;
};

class PgItemImportStore final : public ItemImportStore {
 public:
  explicit PgItemImportStore(db::Pool& pool) : pool_(pool) {}
  std::optional<std::string> ImportedItem(const std::string& record_id) override;
  Imported Import(const std::string& user_id, const ItemRecord& record, int max_attempts,
                  std::chrono::milliseconds pace) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::wardrobe
