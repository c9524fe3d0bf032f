#include "wardrobe/pg_rows.h"

#include <optional>

#include "common/api_error.h"
#include "common/logging.h"
#include "common/proto_util.h"
#include "wardrobe/codec.h"
#include "wardrobe/validation.h"
#include "db/queries.h"

namespace stylist::wardrobe {
namespace {

std::string EnumWord(const google::protobuf::EnumDescriptor* desc, int value) {
  return proto::EnumToWord(desc, value);
}

std::optional<std::string> Currency(const v1::ClothingItem& item) {
  if (!item.has_price()) return std::nullopt;
  return item.price().currency_code();
}
std::optional<std::int64_t> Units(const v1::ClothingItem& item) {
  if (!item.has_price()) return std::nullopt;
  return item.price().units();
}
std::optional<int> Nanos(const v1::ClothingItem& item) {
  if (!item.has_price()) return std::nullopt;
  return item.price().nanos();
}

}  // namespace

std::int64_t NextChange(pqxx::work& tx, const std::string& user_id) {
  return db::Exec1(tx, sql::wardrobe::next_seq, user_id)[0].as<std::int64_t>();
}

std::string InsertItem(pqxx::work& tx, const std::string& user_id, const v1::ClothingItem& i,
                       std::int64_t change) {
  auto row = db::Exec1(tx, sql::wardrobe::item_insert, user_id, i.name(), EnumWord(v1::ClothingCategory_descriptor(), i.category()),
      i.subcategory(), i.primary_color(), i.secondary_color(), EnumWord(v1::ClothingPattern_descriptor(), i.pattern()),
                       i.material(), SeasonsParam(i.seasons()), JsonArray(i.occasions()),
      EnumWord(v1::Formality_descriptor(), i.formality()), i.brand(), i.size(), Currency(i), Units(i), Nanos(i),
                       DateParam(i.purchase_date()), i.notes(), JsonArray(i.tags()), i.favorite(), change);
  return row[0].as<std::string>();
}

void UpdateItem(pqxx::work& tx, const std::string& user_id, const std::string& item_id,
                const v1::ClothingItem& i, std::int64_t change) {
  db::Exec0(tx, sql::wardrobe::item_update, item_id, user_id, i.name(), EnumWord(v1::ClothingCategory_descriptor(), i.category()),
      i.subcategory(), i.primary_color(), i.secondary_color(), EnumWord(v1::ClothingPattern_descriptor(), i.pattern()),
            i.material(), SeasonsParam(i.seasons()), JsonArray(i.occasions()),
            EnumWord(v1::Formality_descriptor(), i.formality()), i.brand(), i.size(), Currency(i), Units(i), Nanos(i),
            DateParam(i.purchase_date()), i.notes(), JsonArray(i.tags()), i.favorite(), change);
}

void StoreAnalysis(pqxx::work& tx, const std::string& user_id, const std::string& item_id,
                   const v1::ClothingAnalysis& a, const std::string& sha256, bool overwrite, std::int64_t change) {
  const auto confident = [](const std::string& value, bool low_confidence) {
    return low_confidence ? std::string() : value;
  };
  const std::string category = confident(EnumWord(v1::ClothingCategory_descriptor(), a.category().category()),
                                         a.category().low_confidence());
  const std::string pattern = confident(EnumWord(v1::ClothingPattern_descriptor(), a.pattern().pattern()),
                                        a.pattern().low_confidence());
  // The words as the item stores what a user types (trimmed, lower case),
  // and only if they pass the item's own checks: a later UpdateItem, which
  // checks the whole item, must not fail on what the model wrote.
  v1::ClothingItem words;
  words.set_subcategory(confident(a.type().label(), a.type().low_confidence()));
  words.set_primary_color(confident(a.primary_color().name(), a.primary_color().low_confidence()));
  words.set_secondary_color(confident(a.secondary_color().name(), a.secondary_color().low_confidence()));
  NormalizeItem(words);
  Violations checks;
  CheckItem(words, checks);
  if (!checks.empty()) {
    log::Warn("analysis words unfit for the item's fields; not copied", {{"item_id", item_id}});
    words.Clear();
  }
  db::Exec(tx, sql::analysis::store_result, item_id, user_id, proto::ToJson(a), sha256, change,
           pqxx::binarystring(a.SerializeAsString()), overwrite, category, words.subcategory(),
           words.primary_color(), words.secondary_color(), pattern);
}

v1::ClothingItem LoadItem(pqxx::transaction_base& tx, const std::string& user_id, const std::string& item_id) {
  auto r = db::Exec(tx, sql::wardrobe::item_get, item_id, user_id);
  if (r.empty()) throw NotFound("no such item");
  return ItemReader(r)(r[0]);
}

std::string InsertOutfit(pqxx::work& tx, const std::string& user_id, const v1::Outfit& o, std::int64_t change) {
  const std::string source = o.source() == v1::OUTFIT_SOURCE_SUGGESTED ? "suggested" : "user";
  auto row = db::Exec1(tx, sql::wardrobe::outfit_insert, user_id, o.name(), JsonArray(o.occasions()),
                       SeasonsParam(o.seasons()), EnumWord(v1::Formality_descriptor(), o.formality()),
                       o.notes(), JsonArray(o.tags()), o.favorite(), source, change);
  return row[0].as<std::string>();
}

void UpdateOutfit(pqxx::work& tx, const std::string& user_id, const std::string& outfit_id, const v1::Outfit& o,
                  std::int64_t change) {
  db::Exec0(tx, sql::wardrobe::outfit_update, outfit_id, user_id, o.name(), JsonArray(o.occasions()),
            SeasonsParam(o.seasons()), EnumWord(v1::Formality_descriptor(), o.formality()), o.notes(),
            JsonArray(o.tags()), o.favorite(), change);
}

void SetOutfitItems(pqxx::work& tx, const std::string& user_id, const std::string& outfit_id,
                    const google::protobuf::RepeatedPtrField<std::string>& item_ids) {
  const std::string ids = JsonArray(item_ids);
  Violations v;
  for (const auto& row : db::Exec(tx, sql::wardrobe::foreign_item_positions, user_id, ids)) {
    v.Add("outfit.item_ids[" + std::to_string(row[0].as<int>() - 1) + "]", "no such item in your wardrobe");
  }
  v.ThrowIfAny();
  db::Exec0(tx, sql::wardrobe::outfit_clear_items, outfit_id);
  db::Exec0(tx, sql::wardrobe::outfit_set_items, outfit_id, ids);
}

v1::Outfit LoadOutfit(pqxx::transaction_base& tx, const std::string& user_id, const std::string& outfit_id) {
  auto r = db::Exec(tx, sql::wardrobe::outfit_get, outfit_id, user_id);
  if (r.empty()) throw NotFound("no such outfit");
  return OutfitReader(r)(r[0]);
}

v1::WearEvent RecordWear(pqxx::work& tx, const std::string& user_id, const std::string& item_id,
                         const std::string& outfit_id, const std::string& worn_date, std::int64_t change) {
  if (db::Exec(tx, sql::wardrobe::item_wear, item_id, user_id, worn_date, change).empty()) {
    throw NotFound("no such item");
  }
  const std::optional<std::string> outfit = outfit_id.empty() ? std::nullopt : std::optional(outfit_id);
  auto row = db::Exec1(tx, sql::wardrobe::wear_event_insert, user_id, item_id, outfit, worn_date);
  v1::WearEvent e;
  e.set_wear_event_id(row[0].as<std::string>());
  e.set_item_id(item_id);
  e.set_outfit_id(outfit_id);
  SetDate(e.mutable_worn_date(), worn_date);
  proto::SetMicros(e.mutable_create_time(), row[1].as<std::int64_t>());
  return e;
}

}  // namespace stylist::wardrobe
