// Composes the meals of a plan from the food table: for every day,
// breakfast, lunch, dinner and snacks, each a protein food, a carbohydrate
// food (none on keto), a vegetable or fruit and a fat, in portions that
// meet the day's energy target within ±5% and come close to its macros.
// Foods rotate by day and meal (and by a per-user seed) so a week varies.
// Pure and deterministic.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "google/type/date.pb.h"
#include "plan/food.h"
#include "plan/nutrition.h"
#include "stylist/v1/plan.pb.h"

namespace stylist::plan {

// The diets and allergies leave a meal with nothing to eat; the message
// says which meal and which part.
class NothingToEat : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MealRequest {
  std::vector<google::type::Date> dates;
  MacroTargets daily;
  std::vector<std::string> diet_tags;
  std::vector<std::string> allergen_tags;
  std::vector<std::string> unmatched_words;
  std::uint64_t seed = 0;
};

// Energy of each day lands within this fraction of the target.
inline constexpr double kEnergyTolerance = 0.05;

std::vector<v1::MealPlanDay> ComposeMeals(const std::vector<Food>& foods, const MealRequest& request);

}  // namespace stylist::plan
