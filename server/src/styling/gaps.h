// What a wardrobe lacks, by stated rules: the pieces every outfit needs
// (shoes, an outer layer, enough tops and bottoms), neutrals to tie strong
// colours together, something for the office or an event, and a warm
// layer for winter. Shared by the built-in stylist's shopping answer (chat)
// and Recommend's items to buy (wardrobe). Deterministic; no products, no
// links.
#pragma once

#include <string>
#include <vector>

#include "styling/outfits.h"

namespace stylist::styling {

struct Gap {
  std::string name;         // "Versatile shoes"
  std::string description;  // "White leather trainers or plain loafers"
  std::string category;     // "shoes": a ClothingCategory word
  std::string color;        // a palette colour name
  std::string reason;       // why this wardrobe needs it, one sentence
};

// Most needed first. A full wardrobe still gets one idea: a statement piece,
// in the first favourite colour when there is one.
std::vector<Gap> WardrobeGaps(const std::vector<Item>& wardrobe, const std::vector<std::string>& favorite_colors);

}  // namespace stylist::styling
