// The meal composer over many generated plans (property style): every day
// within ±5% of its energy target, no allergen and no food outside the
// diet ever, variety across a week, and a clear refusal when nothing is
// left to eat.
#include "plan/meal_composer.h"

#include <gtest/gtest.h>

#include <charconv>
#include <map>
#include <set>

#include "test_foods.h"

namespace stylist::plan {
namespace {

std::vector<Food> Foods() { return TestFoods(); }

std::vector<google::type::Date> Week() {
  std::vector<google::type::Date> out;
  for (int d = 1; d <= 7; ++d) {
    google::type::Date date;
    date.set_year(2026);
    date.set_month(12);
    date.set_day(d);
    out.push_back(date);
  }
  return out;
}

std::vector<const v1::Meal*> MealsOf(const v1::MealPlanDay& day) {
  return {&day.breakfast(), &day.lunch(), &day.dinner(), &day.snacks()};
}

TEST(MealComposerTest, EveryDayMeetsItsEnergyAndNoForbiddenFoodAppears) {
  const auto foods = Foods();
  std::map<std::string, const Food*> by_name;
  for (const auto& f : foods) by_name[f.name] = &f;
  const std::vector<std::vector<std::string>> diet_sets = {
      {}, {"vegetarian"}, {"vegan"}, {"pescatarian"}, {"keto"}, {"halal"}, {"gluten_free"}, {"dairy_free"},
      {"vegetarian", "gluten_free"}};
  const std::vector<std::vector<std::string>> allergy_sets = {
      {}, {"peanuts"}, {"shellfish"}, {"lactose", "eggs"}, {"tree nuts"}, {"gluten"}, {"banana"}};
  int plans = 0;
  for (const double energy : {1400.0, 1800.0, 2300.0, 2900.0, 3500.0}) {
    for (const auto& diets : diet_sets) {
      for (const auto& allergies : allergy_sets) {
        MealRequest r;
        r.dates = Week();
        std::vector<v1::DietaryPreference> prefs;
        if (std::find(diets.begin(), diets.end(), "keto") != diets.end()) prefs.push_back(v1::DIETARY_PREFERENCE_KETO);
        r.daily = TargetMacros(energy, 75, v1::FITNESS_GOAL_MAINTAIN, prefs);
        r.diet_tags = diets;
        AllergenTags(allergies, &r.allergen_tags, &r.unmatched_words);
        r.seed = static_cast<std::uint64_t>(plans);
        std::vector<v1::MealPlanDay> days;
        try {
          days = ComposeMeals(foods, r);
        } catch (const NothingToEat&) {
          continue;  // a refusal is a correct answer; checked below
        }
        ++plans;
        ASSERT_EQ(days.size(), 7u);
        std::set<std::string> dinners;
        for (const auto& day : days) {
          EXPECT_NEAR(day.total().energy_kcal(), energy, kEnergyTolerance * energy)
              << energy << " kcal, diets " << diets.size() << ", allergies " << allergies.size();
          for (const auto* meal : MealsOf(day)) {
            ASSERT_GT(meal->items_size(), 0);
            for (const auto& item : meal->items()) {
              const Food* f = by_name.at(item.name());
              EXPECT_TRUE(Allowed(*f, r.diet_tags, r.allergen_tags, r.unmatched_words)) << item.name();
              EXPECT_GT(item.quantity(), 0);
            }
          }
          dinners.insert(day.dinner().name());
        }
        EXPECT_GE(dinners.size(), 2u) << "a week of the same dinner";
      }
    }
  }
  EXPECT_GT(plans, 200);
}

TEST(MealComposerTest, KosherMealsNeverPutMeatWithDairy) {
  // The table above plus a dairy fat, so a chicken meal has one to draw.
  auto foods = Foods();
  foods.push_back({"cheddar", "Cheddar", FoodRole::kFat, 403, 25, 33, 1.3, {"breakfast", "lunch", "dinner", "snack"},
                   {"vegetarian", "pescatarian", "halal", "kosher", "gluten_free", "keto", "low_carb"}, {"milk"}});
  std::map<std::string, const Food*> by_name;
  for (const auto& f : foods) by_name[f.name] = &f;
  int meat_meals = 0;
  for (int seed = 0; seed < 40; ++seed) {
    for (const bool keto : {false, true}) {
      MealRequest r;
      r.dates = Week();
      std::vector<v1::DietaryPreference> prefs;
      if (keto) prefs.push_back(v1::DIETARY_PREFERENCE_KETO);
      r.daily = TargetMacros(2300, 75, v1::FITNESS_GOAL_MAINTAIN, prefs);
      r.diet_tags = keto ? std::vector<std::string>{"kosher", "keto"} : std::vector<std::string>{"kosher"};
      r.seed = static_cast<std::uint64_t>(seed);
      for (const auto& day : ComposeMeals(foods, r)) {
        for (const auto* meal : MealsOf(day)) {
          bool meat = false, dairy = false;
          for (const auto& item : meal->items()) {
            meat |= IsMeat(*by_name.at(item.name()));
            dairy |= IsDairy(*by_name.at(item.name()));
          }
          meat_meals += meat;
          EXPECT_FALSE(meat && dairy) << meal->name() << " (seed " << seed << (keto ? ", keto)" : ")");
        }
      }
    }
  }
  EXPECT_GT(meat_meals, 50) << "the check saw too few meat meals to mean anything";
}

TEST(MealComposerTest, MacrosComeCloseToTheTargets) {
  MealRequest r;
  r.dates = Week();
  r.daily = TargetMacros(2200, 70, v1::FITNESS_GOAL_LOSE_WEIGHT, {});
  const auto days = ComposeMeals(Foods(), r);
  for (const auto& day : days) {
    EXPECT_NEAR(day.total().protein_g(), r.daily.protein_g, 0.25 * r.daily.protein_g);
    EXPECT_NEAR(day.total().fat_g(), r.daily.fat_g, 0.35 * r.daily.fat_g);
  }
}

TEST(MealComposerTest, RefusesWhenNothingIsLeftToEat) {
  MealRequest r;
  r.dates = Week();
  r.daily = TargetMacros(2000, 70, v1::FITNESS_GOAL_MAINTAIN, {});
  r.diet_tags = {"vegan"};
  AllergenTags({"soy", "lentils"}, &r.allergen_tags, &r.unmatched_words);  // no vegan protein left
  try {
    ComposeMeals(Foods(), r);
    ADD_FAILURE() << "composed meals with no protein food allowed";
  } catch (const NothingToEat& e) {
    EXPECT_NE(std::string(e.what()).find("protein"), std::string::npos) << e.what();
  }
}

TEST(MealComposerTest, AllergyWordsMapToAllergensAndNames) {
  std::vector<std::string> tags, unmatched;
  AllergenTags({"Peanuts", " lactose ", "prawns", "kiwi"}, &tags, &unmatched);
  EXPECT_EQ(tags, (std::vector<std::string>{"peanut", "milk", "shellfish"}));
  EXPECT_EQ(unmatched, std::vector<std::string>{"kiwi"});
}

// Nutrition is stated to a tenth, sums included, so it prints as it reads
// ("2273.3", never 2273.2999999999997): each figure is the double nearest
// to a tenth, and a day's total is the sum of its meals to that tenth.
TEST(MealComposerTest, NutritionIsStatedToATenth) {
  MealRequest r;
  r.dates = Week();
  r.daily = TargetMacros(2273.3, 70, v1::FITNESS_GOAL_MAINTAIN, {});
  r.seed = 7;
  const auto days = ComposeMeals(Foods(), r);
  // The shortest text that reads back as v (what protojson prints) has at
  // most one decimal.
  auto stated_to_a_tenth = [](double v) {
    char text[64];
    const std::string shortest(text, std::to_chars(text, text + sizeof text, v).ptr);
    const auto dot = shortest.find('.');
    return shortest.find('e') == std::string::npos && (dot == std::string::npos || shortest.size() - dot - 1 <= 1);
  };
  int figures = 0;
  for (const auto& day : days) {
    double energy = 0;
    for (const auto* meal : MealsOf(day)) {
      std::vector<const v1::Nutrition*> all = {&meal->nutrition()};
      for (const auto& item : meal->items()) all.push_back(&item.nutrition());
      for (const auto* n : all) {
        for (const double v : {n->energy_kcal(), n->protein_g(), n->fat_g(), n->carbs_g()}) {
          EXPECT_TRUE(stated_to_a_tenth(v)) << v;
          ++figures;
        }
      }
      energy += meal->nutrition().energy_kcal();
    }
    EXPECT_NEAR(day.total().energy_kcal(), energy, 0.05 * 4);
    EXPECT_TRUE(stated_to_a_tenth(day.total().energy_kcal())) << day.total().energy_kcal();
  }
  EXPECT_GT(figures, 100);
}

}  // namespace
}  // namespace stylist::plan
