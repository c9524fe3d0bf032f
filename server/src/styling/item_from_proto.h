// A wardrobe item (v1::ClothingItem) as the styling rules see it: the
// user's own fields first, the analysis where the user left them empty.
#pragma once

#include "styling/outfits.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::styling {

Item ItemFromProto(const v1::ClothingItem& item);

}  // namespace stylist::styling
