#include "wardrobe/codec.h"

#include <cstring>

#include <array>
#include <chrono>
#include <ctime>
#include <cstdio>

#include "common/etag.h"
#include "common/proto_util.h"

namespace stylist::wardrobe {
namespace {

template <typename Fn>
void ForEachString(const pqxx::field& f, Fn&& fn) {
  if (f.is_null()) return;
  if (std::strcmp(f.c_str(), "[]") == 0) return;  // most lists are empty: no parser for them
  for (const auto& v : nlohmann::json::parse(f.c_str())) fn(v.get<std::string>());
}


template <std::size_t N>
std::array<pqxx::row::size_type, N> ColumnNumbers(const pqxx::result& rows, const char* const (&names)[N]) {
  std::array<pqxx::row::size_type, N> numbers{};
  for (std::size_t i = 0; i < N; ++i) numbers[i] = rows.column_number(names[i]);
  return numbers;
}

// A message stored twice (see migration 0010): the serialised copy when the
// row has one, else the JSON of a row written before the copies existed.
// `field()` gives the message to fill; it is called only when there is one,
// so an absent photo stays absent.
template <typename MutableField>
void ReadStored(const pqxx::field& binary, const pqxx::field& json, MutableField&& field) {
  if (binary.is_null() && json.is_null()) return;
  google::protobuf::Message* out = field();
  if (!binary.is_null()) {
    const pqxx::binarystring bytes(binary);
    if (!out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      throw std::runtime_error("cannot decode stored " + out->GetTypeName());
    }
  } else {
    proto::FromJson(json.c_str(), out);
  }
}

std::string TextAt(const pqxx::row& row, pqxx::row::size_type column) {
  const auto f = row[column];
  return f.is_null() ? std::string() : std::string(f.c_str());
}

// Columns of the item_api_rows view, in the order of kItemColumns.
enum ItemColumn {
  kId, kName, kCategory, kSubcategory, kPrimaryColor, kSecondaryColor, kPattern, kMaterial, kSeasons,
  kOccasions, kFormality, kBrand, kSize, kPriceCurrency, kPriceUnits, kPriceNanos, kPurchaseDate, kNotes,
  kTags, kFavorite, kWearCount, kLastWornDate, kPhoto, kAnalysis, kAnalysisStatus, kCreateMicros,
  kUpdateMicros, kPhotoPb, kAnalysisPb, kChangeSeq, kItemColumnCount
};
constexpr const char* kItemColumns[kItemColumnCount] = {
    "id", "name", "category", "subcategory", "primary_color", "secondary_color", "pattern", "material",
    "seasons", "occasions", "formality", "brand", "size", "price_currency", "price_units", "price_nanos",
    "purchase_date", "notes", "tags", "favorite", "wear_count", "last_worn_date", "photo", "analysis",
    "analysis_status", "create_micros", "update_micros", "photo_pb", "analysis_pb", "change_seq"};

enum OutfitColumn {
  kOutfitId, kOutfitName, kOutfitItemIds, kOutfitOccasions, kOutfitSeasons, kOutfitFormality, kOutfitNotes,
  kOutfitTags, kOutfitFavorite, kOutfitSource, kOutfitWearCount, kOutfitLastWornDate, kOutfitCreateMicros,
  kOutfitUpdateMicros, kOutfitChangeSeq, kOutfitColumnCount
};
constexpr const char* kOutfitColumns[kOutfitColumnCount] = {
    "id", "name", "item_ids", "occasions", "seasons", "formality", "notes", "tags", "favorite", "source",
    "wear_count", "last_worn_date", "create_micros", "update_micros", "change_seq"};

enum WearColumn { kWearId, kWearItemId, kWearOutfitId, kWearDate, kWearCreateMicros, kWearColumnCount };
constexpr const char* kWearColumns[kWearColumnCount] = {"id", "item_id", "outfit_id", "worn_date",
                                                         "create_micros"};

template <std::size_t N>
std::string SelectList(const char* const (&names)[N]) {
  std::string list;
  for (const char* name : names) list += (list.empty() ? "r." : ", r.") + std::string(name);
  return list;
}

}  // namespace

bool ReadItemMessage(const pqxx::field& item_pb, v1::ClothingItem* out) {
  const pqxx::binarystring bytes(item_pb);
  if (out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return true;
  out->Clear();
  return false;
}

const std::string& OutfitSelectList() {
  static const std::string list = SelectList(kOutfitColumns);
  return list;
}

std::string SeasonsParam(const google::protobuf::RepeatedField<int>& seasons) {
  nlohmann::json out = nlohmann::json::array();
  for (int s : seasons) out.push_back(proto::EnumToWord(v1::Season_descriptor(), s));
  return out.dump();
}

template <>
ItemReader::RowReader(const pqxx::result& rows) : columns_(ColumnNumbers(rows, kItemColumns)) {}

// What this builds is cached in the rows (see kItemMessageCodec in codec.h):
// change kItemMessageCodec with it.
template <>
void ItemReader::Read(const pqxx::row& row, v1::ClothingItem* out) const {
  const auto at = [&](ItemColumn c) { return row[columns_[c]]; };
  v1::ClothingItem& item = *out;
  item.set_item_id(at(kId).c_str());
  item.set_name(at(kName).c_str());
  item.set_category(static_cast<v1::ClothingCategory>(
      proto::EnumFromWord(v1::ClothingCategory_descriptor(), at(kCategory).c_str())));
  item.set_subcategory(at(kSubcategory).c_str());
  item.set_primary_color(at(kPrimaryColor).c_str());
  item.set_secondary_color(at(kSecondaryColor).c_str());
  item.set_pattern(static_cast<v1::ClothingPattern>(
      proto::EnumFromWord(v1::ClothingPattern_descriptor(), at(kPattern).c_str())));
  item.set_material(at(kMaterial).c_str());
  ForEachString(at(kSeasons), [&](const std::string& s) {
    if (int v = proto::EnumFromWord(v1::Season_descriptor(), s)) item.add_seasons(static_cast<v1::Season>(v));
  });
  ForEachString(at(kOccasions), [&](const std::string& s) { item.add_occasions(s); });
  item.set_formality(
      static_cast<v1::Formality>(proto::EnumFromWord(v1::Formality_descriptor(), at(kFormality).c_str())));
  item.set_brand(at(kBrand).c_str());
  item.set_size(at(kSize).c_str());
  if (!at(kPriceCurrency).is_null()) {
    auto* price = item.mutable_price();
    price->set_currency_code(at(kPriceCurrency).c_str());
    price->set_units(at(kPriceUnits).as<std::int64_t>(0));
    price->set_nanos(at(kPriceNanos).as<int>(0));
  }
  if (auto d = TextAt(row, columns_[kPurchaseDate]); !d.empty()) SetDate(item.mutable_purchase_date(), d);
  item.set_notes(at(kNotes).c_str());
  ForEachString(at(kTags), [&](const std::string& s) { item.add_tags(s); });
  item.set_favorite(at(kFavorite).as<bool>());
  item.set_wear_count(at(kWearCount).as<int>());
  if (auto d = TextAt(row, columns_[kLastWornDate]); !d.empty()) SetDate(item.mutable_last_worn_date(), d);
  ReadStored(at(kPhotoPb), at(kPhoto), [&] { return item.mutable_photo(); });
  ReadStored(at(kAnalysisPb), at(kAnalysis), [&] { return item.mutable_analysis(); });
  item.set_analysis_status(static_cast<v1::ItemAnalysisStatus>(
      proto::EnumFromWord(v1::ItemAnalysisStatus_descriptor(), at(kAnalysisStatus).c_str())));
  proto::SetMicros(item.mutable_create_time(), at(kCreateMicros).as<std::int64_t>());
  proto::SetMicros(item.mutable_update_time(), at(kUpdateMicros).as<std::int64_t>());
  item.set_etag(EtagOf(at(kChangeSeq).as<std::int64_t>()));
}

template <>
OutfitReader::RowReader(const pqxx::result& rows) : columns_(ColumnNumbers(rows, kOutfitColumns)) {}

template <>
void OutfitReader::Read(const pqxx::row& row, v1::Outfit* out) const {
  const auto at = [&](OutfitColumn c) { return row[columns_[c]]; };
  v1::Outfit& o = *out;
  o.set_outfit_id(at(kOutfitId).c_str());
  o.set_name(at(kOutfitName).c_str());
  ForEachString(at(kOutfitItemIds), [&](const std::string& s) { o.add_item_ids(s); });
  ForEachString(at(kOutfitOccasions), [&](const std::string& s) { o.add_occasions(s); });
  ForEachString(at(kOutfitSeasons), [&](const std::string& s) {
    if (int v = proto::EnumFromWord(v1::Season_descriptor(), s)) o.add_seasons(static_cast<v1::Season>(v));
  });
  o.set_formality(static_cast<v1::Formality>(
      proto::EnumFromWord(v1::Formality_descriptor(), at(kOutfitFormality).c_str())));
  o.set_notes(at(kOutfitNotes).c_str());
  ForEachString(at(kOutfitTags), [&](const std::string& s) { o.add_tags(s); });
  o.set_favorite(at(kOutfitFavorite).as<bool>());
  o.set_source(static_cast<v1::OutfitSource>(
      proto::EnumFromWord(v1::OutfitSource_descriptor(), at(kOutfitSource).c_str())));
  o.set_wear_count(at(kOutfitWearCount).as<int>());
  if (auto d = TextAt(row, columns_[kOutfitLastWornDate]); !d.empty()) SetDate(o.mutable_last_worn_date(), d);
  proto::SetMicros(o.mutable_create_time(), at(kOutfitCreateMicros).as<std::int64_t>());
  proto::SetMicros(o.mutable_update_time(), at(kOutfitUpdateMicros).as<std::int64_t>());
  o.set_etag(EtagOf(at(kOutfitChangeSeq).as<std::int64_t>()));
}

template <>
WearEventReader::RowReader(const pqxx::result& rows) : columns_(ColumnNumbers(rows, kWearColumns)) {}

template <>
void WearEventReader::Read(const pqxx::row& row, v1::WearEvent* out) const {
  const auto at = [&](WearColumn c) { return row[columns_[c]]; };
  v1::WearEvent& e = *out;
  e.set_wear_event_id(at(kWearId).c_str());
  e.set_item_id(at(kWearItemId).c_str());
  if (!at(kWearOutfitId).is_null()) e.set_outfit_id(at(kWearOutfitId).c_str());
  SetDate(e.mutable_worn_date(), at(kWearDate).c_str());
  proto::SetMicros(e.mutable_create_time(), at(kWearCreateMicros).as<std::int64_t>());
}

}  // namespace stylist::wardrobe
