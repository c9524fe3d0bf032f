// The Skin Chapters score and chapter rules against hand-computed values
// from the seed (002): weights, truncation, clamping, rule order.
#include <gtest/gtest.h>

#include "analysis/skin_rules.h"
#include "common/crypto.h"
#include "common/ids.h"

namespace stylist::analysis {
namespace {

TEST(SkinRulesTest, ScoreIsOneHundredMinusWeightedProbabilitiesTruncated) {
  EXPECT_EQ(SkinScore({0, 0, 0, 0, 0, 0, 0, 0}), 100);
  EXPECT_EQ(SkinScore({1, 1, 1, 1, 1, 1, 1, 1}), 0);  // 100 - 100
  // 100 - 20*0.5 - 15*0.25 = 86.25 -> 86
  EXPECT_EQ(SkinScore({0.5f, 0, 0.25f, 0, 0, 0, 0, 0}), 86);
  // 100 - 10*0.33 = 96.7 -> 96 (int() truncates, it does not round)
  EXPECT_EQ(SkinScore({0, 0.33f, 0, 0, 0, 0, 0, 0}), 96);
  // 100 - 15*0.25 - 10*0.5 = 91.25 -> 91
  EXPECT_EQ(SkinScore({0, 0, 0, 0, 0, 0.25f, 0.5f, 0}), 91);
}

TEST(SkinRulesTest, ChapterTakesTheFirstRuleThatHolds) {
  const ConditionProbabilities none{};
  EXPECT_EQ(RecommendedChapter("dry", none, 100), 1);
  ConditionProbabilities dehydrated{};
  dehydrated[5] = 0.8f;
  EXPECT_EQ(RecommendedChapter("oily", dehydrated, 90), 1);
  ConditionProbabilities wrinkles{};
  wrinkles[2] = 0.6f;
  wrinkles[4] = 0.9f;  // redness too, but Repair comes first
  EXPECT_EQ(RecommendedChapter("normal", wrinkles, 80), 2);
  EXPECT_EQ(RecommendedChapter("wrinkly", none, 100), 2);
  EXPECT_EQ(RecommendedChapter("sensitive", none, 100), 3);
  ConditionProbabilities dull{};
  dull[3] = 0.7f;
  dull[0] = 0.9f;  // acne too, but Brightening comes first
  EXPECT_EQ(RecommendedChapter("normal", dull, 70), 5);
  ConditionProbabilities blackheads{};
  blackheads[1] = 0.51f;
  EXPECT_EQ(RecommendedChapter("oily", blackheads, 95), 6);
  EXPECT_EQ(RecommendedChapter("normal", none, 86), 7);
  EXPECT_EQ(RecommendedChapter("normal", none, 85), 4);  // > 85, not >=
  // Exactly 0.5 is not detected (probability > 0.5).
  ConditionProbabilities half{};
  half[5] = 0.5f;
  EXPECT_EQ(RecommendedChapter("normal", half, 80), 4);
  EXPECT_STREQ(ChapterTitle(5), "Brightening & Glow");
}

TEST(RandomUuidTest, IsCanonicalVersion4) {
  const auto a = crypto::RandomUuid(), b = crypto::RandomUuid();
  EXPECT_TRUE(IsUuid(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
}

}  // namespace
}  // namespace stylist::analysis
