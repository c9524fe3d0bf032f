#include "wardrobe/codec.h"

#include <chrono>
#include <ctime>
#include <cstdio>

#include "common/proto_util.h"

namespace stylist::wardrobe {
namespace {

template <typename Fn>
void ForEachString(const pqxx::field& f, Fn&& fn) {
  if (f.is_null()) return;
  for (const auto& v : nlohmann::json::parse(f.c_str())) fn(v.get<std::string>());
}

std::string Text(const pqxx::row& row, const char* column) {
  const auto f = row[column];
  return f.is_null() ? std::string() : std::string(f.c_str());
}

}  // namespace

std::string SeasonsParam(const google::protobuf::RepeatedField<int>& seasons) {
  nlohmann::json out = nlohmann::json::array();
  for (int s : seasons) out.push_back(proto::EnumToWord(v1::Season_descriptor(), s));
  return out.dump();
}

v1::ClothingItem ItemFromRow(const pqxx::row& row) {
  v1::ClothingItem item;
  item.set_item_id(row["id"].c_str());
  item.set_name(row["name"].c_str());
  item.set_category(static_cast<v1::ClothingCategory>(
      proto::EnumFromWord(v1::ClothingCategory_descriptor(), row["category"].c_str())));
  item.set_subcategory(row["subcategory"].c_str());
  item.set_primary_color(row["primary_color"].c_str());
  item.set_secondary_color(row["secondary_color"].c_str());
  item.set_pattern(static_cast<v1::ClothingPattern>(
      proto::EnumFromWord(v1::ClothingPattern_descriptor(), row["pattern"].c_str())));
  item.set_material(row["material"].c_str());
  ForEachString(row["seasons"], [&](const std::string& s) {
    if (int v = proto::EnumFromWord(v1::Season_descriptor(), s)) item.add_seasons(static_cast<v1::Season>(v));
  });
  ForEachString(row["occasions"], [&](const std::string& s) { item.add_occasions(s); });
  item.set_formality(
      static_cast<v1::Formality>(proto::EnumFromWord(v1::Formality_descriptor(), row["formality"].c_str())));
  item.set_brand(row["brand"].c_str());
  item.set_size(row["size"].c_str());
  if (!row["price_currency"].is_null()) {
    auto* price = item.mutable_price();
    price->set_currency_code(row["price_currency"].c_str());
    price->set_units(row["price_units"].as<std::int64_t>(0));
    price->set_nanos(row["price_nanos"].as<int>(0));
  }
  if (auto d = Text(row, "purchase_date"); !d.empty()) SetDate(item.mutable_purchase_date(), d);
  item.set_notes(row["notes"].c_str());
  ForEachString(row["tags"], [&](const std::string& s) { item.add_tags(s); });
  item.set_favorite(row["favorite"].as<bool>());
  item.set_wear_count(row["wear_count"].as<int>());
  if (auto d = Text(row, "last_worn_date"); !d.empty()) SetDate(item.mutable_last_worn_date(), d);
  if (!row["photo"].is_null()) proto::FromJson(row["photo"].c_str(), item.mutable_photo());
  if (!row["analysis"].is_null()) proto::FromJson(row["analysis"].c_str(), item.mutable_analysis());
  item.set_analysis_status(static_cast<v1::ItemAnalysisStatus>(
      proto::EnumFromWord(v1::ItemAnalysisStatus_descriptor(), row["analysis_status"].c_str())));
  proto::SetMicros(item.mutable_create_time(), row["create_micros"].as<std::int64_t>());
  proto::SetMicros(item.mutable_update_time(), row["update_micros"].as<std::int64_t>());
  return item;
}

v1::Outfit OutfitFromRow(const pqxx::row& row) {
  v1::Outfit o;
  o.set_outfit_id(row["id"].c_str());
  o.set_name(row["name"].c_str());
  ForEachString(row["item_ids"], [&](const std::string& s) { o.add_item_ids(s); });
  ForEachString(row["occasions"], [&](const std::string& s) { o.add_occasions(s); });
  ForEachString(row["seasons"], [&](const std::string& s) {
    if (int v = proto::EnumFromWord(v1::Season_descriptor(), s)) o.add_seasons(static_cast<v1::Season>(v));
  });
  o.set_formality(
      static_cast<v1::Formality>(proto::EnumFromWord(v1::Formality_descriptor(), row["formality"].c_str())));
  o.set_notes(row["notes"].c_str());
  ForEachString(row["tags"], [&](const std::string& s) { o.add_tags(s); });
  o.set_favorite(row["favorite"].as<bool>());
  o.set_source(
      static_cast<v1::OutfitSource>(proto::EnumFromWord(v1::OutfitSource_descriptor(), row["source"].c_str())));
  o.set_wear_count(row["wear_count"].as<int>());
  if (auto d = Text(row, "last_worn_date"); !d.empty()) SetDate(o.mutable_last_worn_date(), d);
  proto::SetMicros(o.mutable_create_time(), row["create_micros"].as<std::int64_t>());
  proto::SetMicros(o.mutable_update_time(), row["update_micros"].as<std::int64_t>());
  return o;
}

v1::WearEvent WearEventFromRow(const pqxx::row& row) {
  v1::WearEvent e;
  e.set_wear_event_id(row["id"].c_str());
  e.set_item_id(row["item_id"].c_str());
  if (!row["outfit_id"].is_null()) e.set_outfit_id(row["outfit_id"].c_str());
  SetDate(e.mutable_worn_date(), row["worn_date"].c_str());
  proto::SetMicros(e.mutable_create_time(), row["create_micros"].as<std::int64_t>());
  return e;
}

}  // namespace stylist::wardrobe
