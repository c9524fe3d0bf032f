// The plan engine's energy and macro targets against hand-computed values.
#include "plan/nutrition.h"

#include <gtest/gtest.h>

namespace stylist::plan {
namespace {

BodyFacts Man() { return {30, v1::SEX_MALE, 180, 80, v1::ACTIVITY_LEVEL_MODERATE}; }
BodyFacts Woman() { return {25, v1::SEX_FEMALE, 165, 60, v1::ACTIVITY_LEVEL_SEDENTARY}; }

TEST(NutritionTest, MifflinStJeor) {
  // 10*80 + 6.25*180 - 5*30 + 5 = 800 + 1125 - 150 + 5
  EXPECT_DOUBLE_EQ(BasalMetabolicRate(Man()), 1780);
  // 10*60 + 6.25*165 - 5*25 - 161 = 600 + 1031.25 - 125 - 161
  EXPECT_DOUBLE_EQ(BasalMetabolicRate(Woman()), 1345.25);
  BodyFacts other = Man();
  other.sex = v1::SEX_OTHER;
  EXPECT_DOUBLE_EQ(BasalMetabolicRate(other), 1780 - 83);  // the mean of +5 and -161
}

TEST(NutritionTest, ActivityMultipliers) {
  EXPECT_DOUBLE_EQ(ActivityMultiplier(v1::ACTIVITY_LEVEL_SEDENTARY), 1.2);
  EXPECT_DOUBLE_EQ(ActivityMultiplier(v1::ACTIVITY_LEVEL_UNSPECIFIED), 1.2);
  EXPECT_DOUBLE_EQ(ActivityMultiplier(v1::ACTIVITY_LEVEL_MODERATE), 1.55);
  EXPECT_DOUBLE_EQ(ActivityMultiplier(v1::ACTIVITY_LEVEL_VERY_ACTIVE), 1.9);
}

TEST(NutritionTest, GoalsMoveTheTargetByTheWeeklyRate) {
  // TDEE 1780 * 1.55 = 2759; losing 0.5 kg/week: -550 kcal/day.
  auto lose = TargetEnergy(Man(), v1::FITNESS_GOAL_LOSE_WEIGHT, std::nullopt);
  EXPECT_DOUBLE_EQ(lose.tdee_kcal, 2759);
  EXPECT_DOUBLE_EQ(lose.target_kcal, 2209);
  EXPECT_DOUBLE_EQ(lose.weekly_rate_kg, -0.5);
  EXPECT_TRUE(lose.bounded_by.empty());
  // Gaining 0.25 kg/week: +275.
  EXPECT_DOUBLE_EQ(TargetEnergy(Man(), v1::FITNESS_GOAL_GAIN_MUSCLE, std::nullopt).target_kcal, 3034);
  EXPECT_DOUBLE_EQ(TargetEnergy(Man(), v1::FITNESS_GOAL_MAINTAIN, std::nullopt).target_kcal, 2759);
}

TEST(NutritionTest, SafetyBoundsHold) {
  // 1 kg/week would be -1100/day; 25% of 2759 is 689.75.
  auto fast = TargetEnergy(Man(), v1::FITNESS_GOAL_LOSE_WEIGHT, -1.0);
  EXPECT_DOUBLE_EQ(fast.target_kcal, 2759 - 689.75);
  EXPECT_FALSE(fast.bounded_by.empty());
  EXPECT_NEAR(fast.weekly_rate_kg, -689.75 * 7 / 7700, 1e-9);
  // Requests beyond -1.0..+0.5 kg are clamped first.
  EXPECT_DOUBLE_EQ(WeeklyRate(v1::FITNESS_GOAL_LOSE_WEIGHT, -3.0), -1.0);
  EXPECT_DOUBLE_EQ(WeeklyRate(v1::FITNESS_GOAL_GAIN_MUSCLE, 2.0), 0.5);
  // A small sedentary woman: TDEE 1345.25*1.2 = 1614.3; -25% would be
  // 1210.7, under her BMR (1345.25): the BMR is the floor.
  auto small = TargetEnergy(Woman(), v1::FITNESS_GOAL_LOSE_WEIGHT, -1.0);
  EXPECT_DOUBLE_EQ(small.target_kcal, 1345.25);
  EXPECT_FALSE(small.bounded_by.empty());
  // Surplus at most 15%: 0.5 kg/week = +550, 15% of 2759 = 413.85.
  EXPECT_DOUBLE_EQ(TargetEnergy(Man(), v1::FITNESS_GOAL_GAIN_MUSCLE, 0.5).target_kcal, 2759 + 413.85);
}

TEST(NutritionTest, MacrosAddUpToTheEnergy) {
  for (const auto goal : {v1::FITNESS_GOAL_LOSE_WEIGHT, v1::FITNESS_GOAL_MAINTAIN, v1::FITNESS_GOAL_GAIN_MUSCLE,
                          v1::FITNESS_GOAL_IMPROVE_ENDURANCE}) {
    for (const auto& diets : std::vector<std::vector<v1::DietaryPreference>>{
             {}, {v1::DIETARY_PREFERENCE_KETO}, {v1::DIETARY_PREFERENCE_LOW_CARB}, {v1::DIETARY_PREFERENCE_VEGAN}}) {
      const auto m = TargetMacros(2200, 80, goal, diets);
      EXPECT_NEAR(m.protein_g * 4 + m.fat_g * 9 + m.carbs_g * 4, 2200, 1e-6) << goal;
      EXPECT_GT(m.protein_g, 0);
      EXPECT_GE(m.carbs_g, 0);
    }
  }
  // Losing weight at 80 kg: 2.0 g/kg protein = 160 g; fat 30% = 73.3 g.
  const auto lose = TargetMacros(2200, 80, v1::FITNESS_GOAL_LOSE_WEIGHT, {});
  EXPECT_DOUBLE_EQ(lose.protein_g, 160);
  EXPECT_NEAR(lose.fat_g, 2200 * 0.3 / 9, 1e-9);
  // Keto: at most 30 g carbohydrate, fat fills the rest.
  EXPECT_LE(TargetMacros(2200, 80, v1::FITNESS_GOAL_MAINTAIN, {v1::DIETARY_PREFERENCE_KETO}).carbs_g, 30);
  // Protein never above 35% of energy, even for a heavy body.
  EXPECT_LE(TargetMacros(1500, 150, v1::FITNESS_GOAL_LOSE_WEIGHT, {}).protein_g * 4, 0.35 * 1500 + 1e-9);
}

}  // namespace
}  // namespace stylist::plan
