#include "wardrobe/item_import_store.h"

#include "common/api_error.h"
#include "db/queries.h"
#include "wardrobe/pg_rows.h"
#include "wardrobe/validation.h"

namespace stylist::wardrobe {

std::optional<std::string> PgItemImportStore::ImportedItem(const std::string& record_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<std::string> {
    auto r = db::Exec(tx, sql::imports::get, kItemsSource, record_id);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
  });
}

ItemImportStore::Imported PgItemImportStore::Import(const std::string& user_id, const ItemRecord& record,
                                                    int max_attempts, std::chrono::milliseconds pace) {
  return pool_.Transact([&](pqxx::work& tx) -> Imported {
    const auto change = NextChange(tx, user_id);  // orders this user's writes
    // A redelivery (or two deliveries at once: the second waits on the
    // first's row) finds the row claimed.
    if (db::Exec(tx, sql::imports::claim, kItemsSource, record.record_id, user_id).empty()) {
      return {false, db::Exec1(tx, sql::imports::get, kItemsSource, record.record_id)[0].as<std::string>()};
    }
    if (db::Exec1(tx, sql::wardrobe::item_count, user_id)[0].as<int>() >= kMaxItemsPerUser) {
      throw FailedPrecondition("the wardrobe of record.user_id holds " + std::to_string(kMaxItemsPerUser) +
                               " items, the most it may");
    }
    const std::string item_id = InsertItem(tx, user_id, record.item, change);
    // Pending from the start: its photo is on the way, then its analysis.
    db::Exec0(tx, sql::imports::mark_pending, item_id);
    db::Exec(tx, sql::imports::set_item, kItemsSource, record.record_id, item_id);
    db::Exec1(tx, sql::analysis::enqueue_import, item_id, user_id, record.image_url, max_attempts,
              static_cast<std::int64_t>(pace.count()));
    return {true, item_id};
  });
}

}  // namespace stylist::wardrobe
