// Style DNA: a profile of a user's style from their items, outfits and
// wear log, by counting (deterministic, no model): the colour palette,
// dominant analysis styles, formality (of items and outfits), pattern
// affinity, category balance, most and least worn pieces, how many pieces
// each season has, and a few plain sentences.
#pragma once

#include <vector>

#include "stylist/v1/wardrobe.pb.h"

namespace stylist::wardrobe {

// Without version and compute_time (the store sets them).
v1::StyleDna ComputeStyleDna(const std::vector<v1::ClothingItem>& items, const std::vector<v1::Outfit>& outfits);

}  // namespace stylist::wardrobe
