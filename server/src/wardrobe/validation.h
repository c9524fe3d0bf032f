// Field checks for wardrobe requests. Each adds field violations named by
// their path in the request (e.g. "item.price.currency_code").
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <string>

#include "common/api_error.h"
#include "common/ids.h"
#include "google/type/date.pb.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::wardrobe {

inline constexpr int kMaxItemsPerUser = 10000;
inline constexpr int kMaxOutfitsPerUser = 5000;
inline constexpr int kMaxItemsPerOutfit = 20;

// Trims and lower-cases free-text words (colours, occasions, tags) in
// place, so that filters match regardless of how they were typed.
void NormalizeItem(v1::ClothingItem& item);
void NormalizeOutfit(v1::Outfit& outfit);

void CheckItem(const v1::ClothingItem& item, Violations& v);
void CheckOutfit(const v1::Outfit& outfit, Violations& v);
// The mask an update applies: the request's, which may name only fields
// the client may change, or, when the request has none, the writable fields
// the request's message sets (at least one).
google::protobuf::FieldMask ItemMask(const v1::ClothingItem& item, const google::protobuf::FieldMask& mask,
                                     Violations& v);
google::protobuf::FieldMask OutfitMask(const v1::Outfit& outfit, const google::protobuf::FieldMask& mask,
                                       Violations& v);
// A real calendar date between 1900-01-01 and today (plus one day of clock
// slack); unset is allowed unless required.
void CheckPastDate(const google::type::Date& date, const std::string& field, bool required, Violations& v);

}  // namespace stylist::wardrobe
