#include "styling/gaps.h"

#include <map>

#include "common/text.h"

namespace stylist::styling {

std::vector<Gap> WardrobeGaps(const std::vector<Item>& wardrobe, const std::vector<std::string>& favorite_colors) {
  std::map<std::string, int> count;
  int neutral = 0, dressy = 0, warm = 0;
  for (const auto& i : wardrobe) {
    ++count[i.category];
    neutral += IsNeutral(i.primary_color) && !i.primary_color.empty();
    dressy += i.formality == "business" || i.formality == "formal" || i.formality == "black_tie";
    const std::string material = text::Lower(i.material);
    warm += text::Contains(i.seasons, std::string("winter")) || material.find("wool") != std::string::npos ||
            material.find("cashmere") != std::string::npos || material.find("down") != std::string::npos;
  }
  const auto n = [&](const char* category) { return count[category]; };
  std::vector<Gap> gaps;
  if (n("shoes") == 0) {
    gaps.push_back({"Versatile shoes", "White leather trainers or plain loafers", "shoes", "white",
                    "Your wardrobe has no shoes, and every outfit needs a pair."});
  }
  if (n("outerwear") == 0) {
    gaps.push_back({"A light jacket", "A navy or camel coat, or a denim jacket", "outerwear", "navy",
                    "Nothing in your wardrobe goes over an outfit on cooler days."});
  }
  if (n("bottom") < 2) {
    gaps.push_back({"Dark neutral trousers", "Straight-leg trousers or dark jeans in charcoal or navy", "bottom",
                    "charcoal",
                    n("bottom") == 0 ? "Your wardrobe has no trousers, skirts or shorts."
                                     : "With one bottom, every outfit of separates repeats it."});
  }
  if (n("top") < 3) {
    gaps.push_back({"Plain tops", "T-shirts or shirts in white, grey or navy that go with everything", "top", "white",
                    "With " + std::to_string(n("top")) + " top" + (n("top") == 1 ? "" : "s") +
                        ", there are few outfits to make."});
  }
  if (!wardrobe.empty() && neutral * 2 < static_cast<int>(wardrobe.size())) {
    gaps.push_back({"A neutral knit", "A fine-knit jumper in grey, cream or navy", "top", "grey",
                    "Most of your pieces are strong colours; neutrals tie them together."});
  }
  if (wardrobe.size() >= 5 && dressy == 0) {
    gaps.push_back({"A tailored blazer", "A single-breasted blazer in navy, over shirts or fine knits", "outerwear",
                    "navy", "Nothing in your wardrobe is business or formal; one blazer covers the office and events."});
  }
  if (wardrobe.size() >= 5 && warm == 0) {
    gaps.push_back({"A warm layer", "A wool coat or a chunky knit for winter", "outerwear", "camel",
                    "No piece is tagged for winter or made of wool: cold days are not covered."});
  }
  if (gaps.empty()) {
    const std::string color = favorite_colors.empty() ? "burgundy" : text::Lower(favorite_colors.front());
    gaps.push_back({"A statement piece", "A patterned shirt or a coloured knit in " + color, "top", color,
                    "Your basics are covered; one piece in a colour you like freshens them."});
  }
  return gaps;
}

}  // namespace stylist::styling
