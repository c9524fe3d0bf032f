// Outfits from a user's own items by stated rules, shared by the built-in
// stylist (chat), SuggestOutfits and Recommend (wardrobe): a top and a bottom, or a
// dress, with shoes and, in cold or wet weather, an outer layer; colours
// that go together on the colour wheel (neutrals with anything); one bold
// pattern at most; formality by occasion; season tags respected; the
// user's avoided colours left out, favourites and less-worn pieces
// preferred, and (given today) pieces not worn lately. Deterministic.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace stylist::styling {

// An item as the rules see it (words, not enums).
struct Item {
  std::string id;
  std::string name;
  std::string category;  // "top", "bottom", "dress", "outerwear", "shoes", ...
  std::string type;      // the analysis label or subcategory: "t-shirt", "jeans"
  std::string primary_color, secondary_color;
  std::string pattern;    // "solid", "striped", ...
  std::string formality;  // "casual", "smart_casual", "business", "formal", "black_tie"
  std::string material;
  std::vector<std::string> seasons;    // "spring", "summer", "autumn", "winter"
  std::vector<std::string> occasions;  // free words
  std::string style;                   // the analysis style label
  bool favorite = false;
  int wear_count = 0;
  // The day it was last worn, in days since 1970-01-01; -1: never.
  long last_worn_day = -1;
};

// What the user's name for it would be: the name, or "navy jeans".
std::string DisplayName(const Item& item);

bool IsNeutral(const std::string& color);
// The hue angle of a palette colour name (0-360); none for neutrals and
// unknown names.
std::optional<double> Hue(const std::string& color);
// Neutrals with anything, the same hue, neighbours on the wheel (within
// 45°) and opposites (150-210°); unknown names are not objected to.
bool ColorsHarmonize(const std::string& a, const std::string& b);

struct OutfitQuery {
  // What the outfits are for, in words ("work", "an evening out").
  std::string occasion = "everyday";
  // Acceptable formalities, best first; "" admits items without one.
  std::vector<std::string> formalities = {"casual", "smart_casual", ""};
  bool sport = false;
  // "spring", "summer", "autumn", "winter"; "" for any.
  std::string season;
  // Cold or wet: add an outer layer.
  bool outer_layer = false;
  std::vector<std::string> avoided_colors, favorite_colors;
  // Every outfit contains all of these; none contains any of those.
  std::vector<std::string> include_ids, exclude_ids;
  int max = 5;
  // How many outfits one top, bottom or dress may appear in.
  int max_uses = 2;
  // Today, in days since 1970-01-01: pieces worn in the last two weeks are
  // passed over for others. -1: wear dates are not looked at.
  long today = -1;
};

// The query for an occasion named in free words ("office", "wedding",
// "gym", "date"); everyday casual when none is recognised.
OutfitQuery QueryForOccasion(const std::string& words);

struct Outfit {
  std::vector<const Item*> pieces;
  // 0..1, higher is a better match.
  double score = 0;
  // e.g. "Navy business".
  std::string name;
  // One sentence each: colours, formality, season, layers.
  std::vector<std::string> reasons;
};

// Best first. Pointers are into `wardrobe`.
std::vector<Outfit> BuildOutfits(const std::vector<Item>& wardrobe, const OutfitQuery& query);

}  // namespace stylist::styling
