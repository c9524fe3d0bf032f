#pragma once
// The rows CopyBackfill fills: the only code of the backfill that speaks
// SQL. The backfill decodes each row's JSON and encodes its binary copies.

#include <functional>
#include <optional>
#include <string>

#include "db/pool.h"

namespace stylist::wardrobe {

class CopyBackfillStore {
 public:
  virtual ~CopyBackfillStore() = default;

  // A row with a photo or an analysis stored only as JSON.
  struct MissingCopies {
    std::string item_id;
    std::optional<std::string> photo_json, analysis_json;  // nullopt: none stored
  };
  // The serialised PhotoInfo and ClothingAnalysis of a row ("" for none);
  // each is written only where the row lacks its copy.
  struct Copies {
    std::string photo, analysis;
  };
  // One batch, in one transaction: up to `limit` rows after item id `after`
  // (in id order) that miss a copy, locked (rows held elsewhere are skipped);
  // `copies_of` gives each row's copies, or nullopt to leave it as it is.
  // `after` moves to the last row seen. Returns the rows seen and filled.
  struct Batch {
    int seen = 0, filled = 0;
  };
  virtual Batch FillBatch(std::string& after, int limit,
                          const std::function<std::optional<Copies>(const MissingCopies&)>& copies_of) = 0;
};

class PgCopyBackfillStore final : public CopyBackfillStore {
 public:
  explicit PgCopyBackfillStore(db::Pool& pool) : pool_(pool) {}

  Batch FillBatch(std::string& after, int limit,
                  const std::function<std::optional<Copies>(const MissingCopies&)>& copies_of) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::wardrobe
