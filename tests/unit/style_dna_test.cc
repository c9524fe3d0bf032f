// Style DNA by counting: shares worked out by hand for a small wardrobe,
// the worn lists, seasons, and the summary's sentences.
#include "wardrobe/style_dna.h"

#include <gtest/gtest.h>

namespace stylist::wardrobe {
namespace {

v1::ClothingItem Piece(const std::string& id, v1::ClothingCategory category, const std::string& color,
                       v1::ClothingPattern pattern, v1::Formality formality, int wear_count,
                       std::vector<v1::Season> seasons = {}) {
  v1::ClothingItem i;
  i.set_item_id(id);
  i.set_name(id);
  i.set_category(category);
  i.set_primary_color(color);
  i.set_pattern(pattern);
  i.set_formality(formality);
  i.set_wear_count(wear_count);
  for (const auto s : seasons) i.add_seasons(s);
  return i;
}

std::vector<std::pair<std::string, int>> Counts(const google::protobuf::RepeatedPtrField<v1::StyleShare>& shares) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& s : shares) out.emplace_back(s.name(), s.item_count());
  return out;
}

TEST(StyleDnaTest, SharesWornListsAndSeasonsOfASmallWardrobe) {
  using P = std::pair<std::string, int>;
  std::vector<v1::ClothingItem> items = {
      Piece("navy blazer", v1::CLOTHING_CATEGORY_OUTERWEAR, "Navy", v1::CLOTHING_PATTERN_SOLID, v1::FORMALITY_BUSINESS, 9,
            {v1::SEASON_AUTUMN, v1::SEASON_WINTER}),
      Piece("white shirt", v1::CLOTHING_CATEGORY_TOP, "white", v1::CLOTHING_PATTERN_SOLID, v1::FORMALITY_SMART_CASUAL, 4),
      Piece("striped tee", v1::CLOTHING_CATEGORY_TOP, "navy", v1::CLOTHING_PATTERN_STRIPED, v1::FORMALITY_CASUAL, 0,
            {v1::SEASON_SUMMER}),
      Piece("jeans", v1::CLOTHING_CATEGORY_BOTTOM, "denim", v1::CLOTHING_PATTERN_SOLID, v1::FORMALITY_CASUAL, 12),
  };
  items[1].mutable_analysis()->mutable_style()->set_label("Minimalist");
  items[3].mutable_analysis()->mutable_style()->set_label("minimalist");
  v1::Outfit office;
  office.set_formality(v1::FORMALITY_BUSINESS);
  const v1::StyleDna dna = ComputeStyleDna(items, {office, v1::Outfit()});

  EXPECT_EQ(Counts(dna.color_palette()), (std::vector<P>{{"navy", 2}, {"denim", 1}, {"white", 1}}));
  EXPECT_FLOAT_EQ(dna.color_palette(0).share(), 0.5F);
  EXPECT_EQ(Counts(dna.dominant_styles()), (std::vector<P>{{"minimalist", 2}}));
  // Items and the outfit that has a formality: 5 in all.
  EXPECT_EQ(Counts(dna.formality()), (std::vector<P>{{"business", 2}, {"casual", 2}, {"smart_casual", 1}}));
  EXPECT_FLOAT_EQ(dna.formality(0).share(), 0.4F);
  EXPECT_EQ(Counts(dna.patterns()), (std::vector<P>{{"solid", 3}, {"striped", 1}}));
  EXPECT_EQ(Counts(dna.categories()), (std::vector<P>{{"top", 2}, {"bottom", 1}, {"outerwear", 1}}));
  // Untagged items count for every season.
  EXPECT_EQ(Counts(dna.seasonal_coverage()),
            (std::vector<P>{{"spring", 2}, {"summer", 3}, {"autumn", 3}, {"winter", 3}}));
  ASSERT_EQ(dna.most_worn_size(), 3);  // the unworn tee is not "most worn"
  EXPECT_EQ(dna.most_worn(0).item_id(), "jeans");
  EXPECT_EQ(dna.most_worn(0).wear_count(), 12);
  EXPECT_EQ(dna.least_worn(0).item_id(), "striped tee");
  EXPECT_EQ(dna.least_worn(1).item_id(), "white shirt");
  EXPECT_EQ(dna.item_count(), 4);
  EXPECT_EQ(dna.outfit_count(), 2);
  EXPECT_EQ(dna.wear_count(), 25);
  EXPECT_EQ(dna.summary(),
            "Your wardrobe of 4 items is led by navy (50%), then denim and white. It is mostly business, and "
            "your style reads minimalist. You favour solid pieces. Your most worn piece is jeans (12 wears); 1 "
            "piece has never been worn.");
  EXPECT_FALSE(dna.has_compute_time());
  EXPECT_EQ(dna.version(), 0);
}

TEST(StyleDnaTest, AThinSeasonAndAnEmptyWardrobeAreSaidPlainly) {
  std::vector<v1::ClothingItem> summer;
  for (int i = 0; i < 5; ++i) {
    summer.push_back(Piece("tee " + std::to_string(i), v1::CLOTHING_CATEGORY_TOP, "white", v1::CLOTHING_PATTERN_SOLID,
                           v1::FORMALITY_CASUAL, 0, {v1::SEASON_SUMMER}));
  }
  const auto dna = ComputeStyleDna(summer, {});
  EXPECT_NE(dna.summary().find("Spring is your thinnest season, with 0 pieces."), std::string::npos) << dna.summary();
  EXPECT_NE(dna.summary().find("Nothing has been logged as worn yet."), std::string::npos) << dna.summary();
  EXPECT_EQ(dna.most_worn_size(), 0);
  EXPECT_EQ(dna.least_worn_size(), 5);

  const auto empty = ComputeStyleDna({}, {});
  EXPECT_EQ(empty.summary(), "Your wardrobe is empty: add items to see your Style DNA.");
  EXPECT_EQ(empty.color_palette_size(), 0);
  EXPECT_EQ(empty.seasonal_coverage_size(), 4);
  EXPECT_EQ(empty.seasonal_coverage(0).share(), 0.0F);
}

}  // namespace
}  // namespace stylist::wardrobe
