#include "wardrobe/wardrobe_store.h"

#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/api_error.h"
#include "common/crypto.h"
#include "common/logging.h"
#include "common/proto_util.h"
#include "db/queries.h"
#include "user/profile_codec.h"
#include "wardrobe/codec.h"
#include "wardrobe/pg_list_page.h"
#include "wardrobe/pg_rows.h"

namespace stylist::wardrobe {
namespace {

// One write's transaction; the row helpers of wardrobe/pg_rows.h do the
// statements they share with the photo code.
class PgWardrobeTx final : public WardrobeTx {
 public:
  PgWardrobeTx(pqxx::work& tx, const std::string& user_id) : tx_(tx), user_(user_id) {}

  std::int64_t NextChange() override { return wardrobe::NextChange(tx_, user_); }

  std::optional<KeptAnswer> FindKeptAnswer(const std::string& method, const std::string& request_id) override {
    db::Exec0(tx_, sql::idempotency::purge, user_);
    const auto rows = db::Exec(tx_, sql::idempotency::find, user_, method, request_id);
    if (rows.empty()) return std::nullopt;
    return KeptAnswer{pqxx::binarystring(rows[0][0]).str(), pqxx::binarystring(rows[0][1]).str()};
  }
  void KeepAnswer(const std::string& method, const std::string& request_id, const KeptAnswer& answer) override {
    db::Exec0(tx_, sql::idempotency::insert, user_, method, request_id, pqxx::binarystring(answer.request_digest),
              pqxx::binarystring(answer.response));
  }

  int ItemCount() override { return db::Exec1(tx_, sql::wardrobe::item_count, user_)[0].as<int>(); }
  std::string InsertItem(const v1::ClothingItem& item, std::int64_t change) override {
    return wardrobe::InsertItem(tx_, user_, item, change);
  }
  std::optional<std::int64_t> LockItem(const std::string& item_id) override {
    return Locked(db::Exec(tx_, sql::wardrobe::item_lock, item_id, user_));
  }
  v1::ClothingItem LoadItem(const std::string& item_id) override { return wardrobe::LoadItem(tx_, user_, item_id); }
  void UpdateItem(const std::string& item_id, const v1::ClothingItem& item, std::int64_t change) override {
    wardrobe::UpdateItem(tx_, user_, item_id, item, change);
  }
  void TouchOutfitsOfItem(const std::string& item_id, std::int64_t change) override {
    db::Exec0(tx_, sql::wardrobe::outfits_touch_for_item, item_id, user_, change);
  }
  std::string DeleteItem(const std::string& item_id) override {
    const auto deleted = db::Exec1(tx_, sql::wardrobe::item_delete, item_id, user_);
    return deleted[0].is_null() ? std::string() : deleted[0].as<std::string>();
  }
  v1::WearEvent RecordWear(const std::string& item_id, const std::string& outfit_id, const std::string& worn_date,
                           std::int64_t change) override {
    return wardrobe::RecordWear(tx_, user_, item_id, outfit_id, worn_date, change);
  }

  int OutfitCount() override { return db::Exec1(tx_, sql::wardrobe::outfit_count, user_)[0].as<int>(); }
  std::string InsertOutfit(const v1::Outfit& outfit, std::int64_t change) override {
    return wardrobe::InsertOutfit(tx_, user_, outfit, change);
  }
  std::optional<std::int64_t> LockOutfit(const std::string& outfit_id) override {
    return Locked(db::Exec(tx_, sql::wardrobe::outfit_lock, outfit_id, user_));
  }
  v1::Outfit LoadOutfit(const std::string& outfit_id) override { return wardrobe::LoadOutfit(tx_, user_, outfit_id); }
  void UpdateOutfit(const std::string& outfit_id, const v1::Outfit& outfit, std::int64_t change) override {
    wardrobe::UpdateOutfit(tx_, user_, outfit_id, outfit, change);
  }
  void SetOutfitItems(const std::string& outfit_id,
                      const google::protobuf::RepeatedPtrField<std::string>& item_ids) override {
    wardrobe::SetOutfitItems(tx_, user_, outfit_id, item_ids);
  }
  std::optional<std::vector<std::string>> WearOutfit(const std::string& outfit_id, const std::string& worn_date,
                                                     std::int64_t change) override {
    const auto r = db::Exec(tx_, sql::wardrobe::outfit_wear, outfit_id, user_, worn_date, change);
    if (r.empty()) return std::nullopt;
    std::vector<std::string> item_ids;
    for (const auto& id : nlohmann::json::parse(r[0][0].c_str())) item_ids.push_back(id.get<std::string>());
    return item_ids;
  }
  bool DeleteOutfit(const std::string& outfit_id) override {
    return !db::Exec(tx_, sql::wardrobe::outfit_delete, outfit_id, user_).empty();
  }

  void AddTombstone(const std::string& kind, const std::string& object_id, std::int64_t change) override {
    db::Exec0(tx_, sql::wardrobe::tombstone_insert, user_, kind, object_id, change);
  }

 private:
  // The change number item_lock or outfit_lock returned, if a row was locked.
  static std::optional<std::int64_t> Locked(const pqxx::result& rows) {
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::int64_t>();
  }

  pqxx::work& tx_;
  const std::string& user_;
};

// Items a list built from their columns, to cache as messages in their rows
// (migration 0019, with the version of the code that built them)
// with one statement; a row changed since it was read
// (another xmin) is left alone. The cache only saves later lists work, so a
// failure to fill it fails nothing.
class ItemMessageCache {
 public:
  void Add(const std::string& id, std::string row_version, const v1::ClothingItem& item) {
    Append(ids_, id);
    Append(versions_, row_version);
    Append(messages_, crypto::ToHex(item.SerializeAsString()));
  }
  void Write(db::Pool::ReadTx& tx) const {
    if (ids_.empty()) return;
    try {
      db::Exec0(tx, sql::wardrobe::item_messages_fill, ids_ + "}", versions_ + "}", messages_ + "}",
                kItemMessageCodec);
    } catch (const pqxx::sql_error& e) {
      log::Warn("cannot cache listed items", {{"error", e.what()}});
    }
  }

 private:
  // Array literals of values that need no quoting (uuids, numbers, hex).
  static void Append(std::string& array, const std::string& value) { array += (array.empty() ? "{" : ",") + value; }
  std::string ids_, versions_, messages_;
};

// Reads the page's items that have no cached message from their columns
// (they are at `positions` in `out`, holding only their ids) and caches
// them. An item deleted since the page was read is left out.
void ReadUncached(db::Pool::ReadTx& tx, const std::string& user_id, const std::vector<int>& positions,
                  google::protobuf::RepeatedPtrField<v1::ClothingItem>* out) {
  std::string ids;
  for (int p : positions) ids += (ids.empty() ? "{" : ",") + out->Get(p).item_id();
  const auto rows = db::Exec(tx, sql::wardrobe::list_items_uncached, user_id, ids + "}");
  const ItemReader item(rows);
  const auto id_column = rows.column_number("id");
  const auto version_column = rows.column_number("row_version");
  std::unordered_map<std::string_view, pqxx::result::size_type> by_id;
  for (pqxx::result::size_type i = 0; i < rows.size(); ++i) by_id.emplace(rows[i][id_column].c_str(), i);
  ItemMessageCache cache;
  std::vector<int> gone;
  for (int p : positions) {
    auto it = by_id.find(out->Get(p).item_id());
    if (it == by_id.end()) {
      gone.push_back(p);
      continue;
    }
    auto* listed = out->Mutable(p);
    listed->Clear();
    item.Read(rows[it->second], listed);
    cache.Add(listed->item_id(), rows[it->second][version_column].c_str(), *listed);
  }
  for (auto p = gone.rbegin(); p != gone.rend(); ++p) out->DeleteSubrange(*p, 1);
  cache.Write(tx);
}

}  // namespace

void PgWardrobeStore::Write(const std::string& user_id, const Work& work) {
  pool_.Transact([&](pqxx::work& tx) {
    PgWardrobeTx wardrobe_tx(tx, user_id);
    work(wardrobe_tx);
  });
}

v1::ClothingItem PgWardrobeStore::GetItem(const std::string& user_id, const std::string& item_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) { return LoadItem(tx, user_id, item_id); });
}

v1::Outfit PgWardrobeStore::GetOutfit(const std::string& user_id, const std::string& outfit_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) { return LoadOutfit(tx, user_id, outfit_id); });
}

PageInfo PgWardrobeStore::ListItems(const ItemListQuery& query,
                                    google::protobuf::RepeatedPtrField<v1::ClothingItem>* out) {
  // Built before a connection is taken. The page selects only the cached
  // messages (migration 0019): a short target list is much of what makes the
  // statement cheap for the database, which would otherwise convert some
  // thirty columns per row to text.
  static const std::string columns =
      "r.id, CASE WHEN r.item_pb_codec = " + std::to_string(kItemMessageCodec) + " THEN r.item_pb END AS item_pb";
  const ListPageQuery list("item_list_rows", columns, query.page,
                           [&query](db::DynamicQuery& q) { query.AppendWhere(q); });
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    const auto page = list.Run(tx);
    std::vector<int> uncached;  // positions in `out` of items without a message
    for (int i = 0; i < page.shown; ++i) {
      auto* item = out->Add();
      const auto message = page.rows[i][1];
      if (message.is_null() || !ReadItemMessage(message, item)) {
        item->set_item_id(page.rows[i][0].c_str());
        uncached.push_back(out->size() - 1);
      }
    }
    if (!uncached.empty()) ReadUncached(tx, query.user_id, uncached, out);
    return page.info;
  });
}

PageInfo PgWardrobeStore::ListOutfits(const OutfitListQuery& query, google::protobuf::RepeatedPtrField<v1::Outfit>* out) {
  const ListPageQuery list("outfit_rows", OutfitSelectList(), query.page, [&query](db::DynamicQuery& q) { query.AppendWhere(q); });
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    const auto page = list.Run(tx);
    const OutfitReader outfit(page.rows);
    for (int i = 0; i < page.shown; ++i) outfit.Read(page.rows[i], out->Add());
    return page.info;
  });
}

PageInfo PgWardrobeStore::ListWearEvents(const WearListQuery& query,
                                         google::protobuf::RepeatedPtrField<v1::WearEvent>* out) {
  db::DynamicQuery q;
  q << "SELECT r.id, r.item_id, r.outfit_id, to_char(r.worn_date, 'YYYY-MM-DD') AS worn_date, "
       "(extract(epoch FROM r.created_at) * 1000000)::bigint AS create_micros, r.worn_date::text AS sort_key "
       "FROM wear_events r";
  query.AppendWhere(q);
  AppendPagePosition(q, query.page);
  AppendOrderAndLimit(q, query.page);
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    const auto rows = q.Run(tx);
    const WearEventReader wear(rows);
    PageInfo info;
    info.next_page_token = FillPage(rows, query.page, [&](const pqxx::row& row) { wear.Read(row, out->Add()); });
    return info;
  });
}

WardrobeStore::ChangesPage PgWardrobeStore::ListChanges(const std::string& user_id, std::int64_t cursor, int limit,
                                                        v1::ListChangesResponse* out) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    ChangesPage page;
    auto bound = db::Exec1(tx, sql::wardrobe::changes_upper_bound, user_id, cursor, limit);
    page.upper = bound[0].is_null() ? cursor : bound[0].as<std::int64_t>();
    if (page.upper > cursor) {
      const auto items = db::Exec(tx, sql::wardrobe::changed_items, user_id, cursor, page.upper);
      const ItemReader item(items);
      for (const auto& row : items) item.Read(row, out->add_items());
      const auto outfits = db::Exec(tx, sql::wardrobe::changed_outfits, user_id, cursor, page.upper);
      const OutfitReader outfit(outfits);
      for (const auto& row : outfits) outfit.Read(row, out->add_outfits());
      for (const auto& row : db::Exec(tx, sql::wardrobe::deleted_since, user_id, cursor, page.upper)) {
        const std::string kind = row[0].c_str();
        if (kind == "item") out->add_deleted_item_ids(row[1].c_str());
        else out->add_deleted_outfit_ids(row[1].c_str());
      }
    }
    page.latest = db::Exec1(tx, sql::wardrobe::current_seq, user_id)[0].as<std::int64_t>();
    return page;
  });
}

WardrobeStore::StylingInputs PgWardrobeStore::ReadStylingInputs(const std::string& user_id, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    StylingInputs inputs;
    const auto profile = db::Exec(tx, sql::user::get_profile, user_id);
    if (!profile.empty()) inputs.profile = user::ProfileFromRow(profile[0]);
    const auto rows = db::Exec(tx, sql::wardrobe::items_for_styling, user_id, limit);
    const ItemReader item(rows);
    for (const auto& row : rows) inputs.items.push_back(item(row));
    return inputs;
  });
}

namespace {

template <typename Tx>
WardrobeStore::StyleDnaInputs StyleDnaInputsIn(Tx& tx, const std::string& user_id, int limit) {
  WardrobeStore::StyleDnaInputs inputs;
  const auto items = db::Exec(tx, sql::wardrobe::items_for_styling, user_id, limit);
  const ItemReader item(items);
  for (const auto& row : items) inputs.items.push_back(item(row));
  const auto outfits = db::Exec(tx, sql::wardrobe::outfits_for_styling, user_id, limit);
  const OutfitReader outfit(outfits);
  for (const auto& row : outfits) inputs.outfits.push_back(outfit(row));
  return inputs;
}

v1::StyleDna SaveStyleDnaIn(pqxx::work& tx, const std::string& user_id, v1::StyleDna dna) {
  dna.clear_version();
  dna.clear_compute_time();
  const auto row = db::Exec1(tx, sql::styledna::save, user_id, pqxx::binarystring(dna.SerializeAsString()),
                             proto::ToJson(dna));
  dna.set_version(row[0].as<int>());
  proto::SetMicros(dna.mutable_compute_time(), row[1].as<std::int64_t>());
  return dna;
}

std::optional<v1::StyleDna> StoredStyleDnaIn(pqxx::transaction_base& tx, const std::string& user_id) {
  const auto rows = db::Exec(tx, sql::styledna::get, user_id);
  if (rows.empty()) return std::nullopt;
  v1::StyleDna dna;
  const pqxx::binarystring bytes(rows[0][0]);
  if (!dna.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    throw std::runtime_error("stored Style DNA does not parse");
  }
  dna.set_version(rows[0][1].as<int>());
  proto::SetMicros(dna.mutable_compute_time(), rows[0][2].as<std::int64_t>());
  return dna;
}

}  // namespace

std::optional<v1::StyleDna> PgWardrobeStore::GetStyleDna(const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) { return StoredStyleDnaIn(tx, user_id); });
}

v1::StyleDna PgWardrobeStore::CalculateStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) {
  return pool_.Transact([&](pqxx::work& tx) {
    db::Exec(tx, sql::styledna::lock, user_id);
    db::Exec(tx, sql::styledna::hold, user_id);
    return SaveStyleDnaIn(tx, user_id, compute(StyleDnaInputsIn(tx, user_id, limit)));
  });
}

v1::StyleDna PgWardrobeStore::FirstStyleDna(const std::string& user_id, int limit, const ComputeStyleDna& compute) {
  return pool_.Transact([&](pqxx::work& tx) {
    db::Exec(tx, sql::styledna::lock, user_id);
    db::Exec(tx, sql::styledna::hold, user_id);
    if (auto stored = StoredStyleDnaIn(tx, user_id)) return std::move(*stored);
    return SaveStyleDnaIn(tx, user_id, compute(StyleDnaInputsIn(tx, user_id, limit)));
  });
}

std::optional<std::chrono::milliseconds> PgWardrobeStore::RefreshStyleDna(const std::string& user_id,
                                                                          std::chrono::milliseconds settle, int limit,
                                                                          const ComputeStyleDna& compute) {
  return pool_.Transact([&](pqxx::work& tx) -> std::optional<std::chrono::milliseconds> {
    const auto stale = db::Exec(tx, sql::styledna::settling, user_id, static_cast<std::int64_t>(settle.count()));
    if (stale.empty()) return std::nullopt;
    if (const auto left = stale[0][0].as<std::int64_t>(); left > 0) return std::chrono::milliseconds(left);
    SaveStyleDnaIn(tx, user_id, compute(StyleDnaInputsIn(tx, user_id, limit)));
    return std::nullopt;
  });
}

}  // namespace stylist::wardrobe
