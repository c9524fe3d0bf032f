// Rows of the item_rows and outfit_rows views to protos, and the parameter
// forms (JSON arrays, ISO dates, enum words) that the wardrobe queries take.
#pragma once

#include <pqxx/pqxx>

#include <optional>
#include <string>

#include "common/dates.h"
#include "google/type/date.pb.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::wardrobe {

v1::ClothingItem ItemFromRow(const pqxx::row& row);
v1::Outfit OutfitFromRow(const pqxx::row& row);
v1::WearEvent WearEventFromRow(const pqxx::row& row);

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
