#include "wardrobe/copy_backfill_store.h"

#include "db/queries.h"

namespace stylist::wardrobe {
namespace {

std::optional<std::string> Text(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::string>();
}

}  // namespace

CopyBackfillStore::Batch PgCopyBackfillStore::FillBatch(
    std::string& after, int limit, const std::function<std::optional<Copies>(const MissingCopies&)>& copies_of) {
  return pool_.Transact([&](pqxx::work& tx) {
    Batch batch;
    const auto r = db::Exec(tx, sql::wardrobe::copies_missing, after, limit);
    for (const auto& row : r) {
      after = row[0].c_str();
      const auto copies = copies_of(MissingCopies{after, Text(row[1]), Text(row[2])});
      if (!copies) continue;
      db::Exec0(tx, sql::wardrobe::copies_fill, after, pqxx::binarystring(copies->photo),
                pqxx::binarystring(copies->analysis));
      ++batch.filled;
    }
    batch.seen = static_cast<int>(r.size());
    return batch;
  });
}

}  // namespace stylist::wardrobe
