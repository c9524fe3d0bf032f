// Rows of the item_api_rows and outfit_rows views to protos, and the parameter
// forms (JSON arrays, ISO dates, enum words) that the wardrobe queries take.
#pragma once

#include <pqxx/pqxx>

#include <array>
#include <optional>
#include <string>

#include "common/dates.h"
#include "google/type/date.pb.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::wardrobe {

// Read rows of one result (item_api_rows, outfit_rows, wear events): the column
// numbers are looked up once per result. Looking each field up by name
// (libpq scans the column names every time) was a third of ListItems' CPU.
template <typename Message, std::size_t kColumns>
class RowReader {
 public:
  explicit RowReader(const pqxx::result& rows);
  // Fills `out` (an empty message, e.g. a response's add_items(), so that it
  // is built on the response's arena).
  void Read(const pqxx::row& row, Message* out) const;
  Message operator()(const pqxx::row& row) const {
    Message m;
    Read(row, &m);
    return m;
  }

 private:
  std::array<pqxx::row::size_type, kColumns> columns_;
};
using ItemReader = RowReader<v1::ClothingItem, 30>;
using OutfitReader = RowReader<v1::Outfit, 15>;
using WearEventReader = RowReader<v1::WearEvent, 5>;
// Defined in codec.cc, one pair per view.
template <> ItemReader::RowReader(const pqxx::result& rows);
template <> void ItemReader::Read(const pqxx::row& row, v1::ClothingItem* out) const;
template <> OutfitReader::RowReader(const pqxx::result& rows);
template <> void OutfitReader::Read(const pqxx::row& row, v1::Outfit* out) const;
template <> WearEventReader::RowReader(const pqxx::result& rows);
template <> void WearEventReader::Read(const pqxx::row& row, v1::WearEvent* out) const;

// The columns each reader reads, as a SELECT list over the alias r
// ("r.id, r.name, ..."): a list selects these rather than r.*, so that the
// database converts no column to text that nobody reads.
const std::string& OutfitSelectList();
// The version of what ItemReader::Read builds, stored with each cached item
// message (item_list_rows.item_pb, migration 0019): change it
// whenever Read builds an item differently, and lists ignore (and replace)
// the messages built before.
inline constexpr int kItemMessageCodec = 1;
// An item cached whole as a message; false (and `out` cleared) when the
// bytes are not one, so the caller reads the item from its columns instead.
bool ReadItemMessage(const pqxx::field& item_pb, v1::ClothingItem* out);

// A JSON array of strings for the ARRAY(jsonb_array_elements_text(...))
// parameters.
template <typename Repeated>
std::string JsonArray(const Repeated& values);
std::string SeasonsParam(const google::protobuf::RepeatedField<int>& seasons);

}  // namespace stylist::wardrobe

#include <nlohmann/json.hpp>

template <typename Repeated>
std::string stylist::wardrobe::JsonArray(const Repeated& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) out.push_back(std::string(v));
  return out.dump();
}
