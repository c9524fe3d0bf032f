// Foods the meal planner composes meals from: the table shipped by
// migration 0006 (db/migrations/0006_foods.sql), nutrition per 100 g (or
// 100 ml), with what a food is for, which diets allow it and which
// allergens it carries.
#pragma once

#include <string>
#include <vector>

#include "stylist/v1/common.pb.h"

namespace stylist::plan {

enum class FoodRole { kProtein, kCarb, kVegetable, kFruit, kFat };

struct Food {
  std::string id;
  std::string name;
  FoodRole role = FoodRole::kProtein;
  // Per 100 g.
  double energy_kcal = 0, protein_g = 0, fat_g = 0, carbs_g = 0;
  // Meals it is eaten at: "breakfast", "lunch", "dinner", "snack".
  std::vector<std::string> meals;
  // Diet tags it satisfies: "vegetarian", "vegan", "pescatarian", "halal",
  // "kosher", "gluten_free", "dairy_free", "keto", "low_carb",
  // "mediterranean".
  std::vector<std::string> diets;
  // "peanut", "tree_nut", "milk", "egg", "wheat", "soy", "fish",
  // "shellfish", "sesame".
  std::vector<std::string> allergens;
};

// The diet tag a preference needs, e.g. "vegan"; "" for none.
std::string DietTag(v1::DietaryPreference diet);

// Allergen tags for a user's free words ("Peanuts", "lactose", "prawns");
// words that name no known allergen come back as `unmatched` and exclude
// every food whose name contains them.
void AllergenTags(const std::vector<std::string>& words, std::vector<std::string>* tags,
                  std::vector<std::string>* unmatched);

// Meat: a food neither vegetarians nor pescatarians eat. Dairy: a food
// carrying milk. Kosher meals keep the two apart.
bool IsMeat(const Food& food);
bool IsDairy(const Food& food);

// Whether the food suits every diet and avoids every allergen and word.
bool Allowed(const Food& food, const std::vector<std::string>& diet_tags, const std::vector<std::string>& allergen_tags,
             const std::vector<std::string>& unmatched_words);

}  // namespace stylist::plan
