#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "plan/food.h"

namespace stylist::plan {

// A small food table with real nutrition per 100 g (USDA values, rounded),
// for the meal composer's and the plan service's unit tests.
inline std::vector<Food> TestFoods() {
  const std::vector<std::string> all_meals = {"breakfast", "lunch", "dinner", "snack"};
  const std::vector<std::string> main = {"lunch", "dinner"};
  const std::vector<std::string> morning = {"breakfast", "snack"};
  const std::vector<std::string> everyone = {"vegetarian", "vegan", "pescatarian", "halal", "kosher",
                                             "gluten_free", "dairy_free", "mediterranean"};
  auto with = [](std::vector<std::string> v, std::initializer_list<const char*> more) {
    for (const char* m : more) v.push_back(m);
    return v;
  };
  const std::vector<std::string> meat = {"halal", "kosher", "gluten_free", "dairy_free", "keto", "low_carb"};
  return {
      {"chicken", "Chicken breast", FoodRole::kProtein, 165, 31, 3.6, 0, main, with(meat, {"mediterranean"}), {}},
      {"salmon", "Salmon fillet", FoodRole::kProtein, 206, 22, 12, 0, main,
       with(meat, {"pescatarian", "mediterranean"}), {"fish"}},
      {"shrimp", "Shrimp", FoodRole::kProtein, 99, 24, 0.3, 0.2, main,
       {"pescatarian", "gluten_free", "dairy_free", "keto", "low_carb"}, {"shellfish"}},
      {"tofu", "Firm tofu", FoodRole::kProtein, 144, 17, 9, 3, all_meals,
       {"vegetarian", "vegan", "pescatarian", "halal", "kosher", "gluten_free", "dairy_free", "keto", "low_carb"},
       {"soy"}},
      {"lentils", "Lentils", FoodRole::kProtein, 116, 9, 0.4, 20, main, everyone, {}},
      {"eggs", "Eggs", FoodRole::kProtein, 155, 13, 11, 1.1, all_meals,
       {"vegetarian", "pescatarian", "halal", "kosher", "gluten_free", "dairy_free", "keto", "low_carb"}, {"egg"}},
      {"yogurt", "Greek yogurt", FoodRole::kProtein, 59, 10, 0.4, 3.6, morning,
       {"vegetarian", "pescatarian", "halal", "kosher", "gluten_free", "low_carb"}, {"milk"}},
      {"oats", "Rolled oats", FoodRole::kCarb, 389, 16.9, 6.9, 66.3, morning,
       {"vegetarian", "vegan", "pescatarian", "halal", "kosher", "dairy_free", "mediterranean"}, {}},
      {"rice", "Brown rice", FoodRole::kCarb, 123, 2.7, 1, 25.6, main, everyone, {}},
      {"pasta", "Wholewheat pasta", FoodRole::kCarb, 149, 5.8, 1.7, 30, main,
       {"vegetarian", "vegan", "pescatarian", "halal", "kosher", "dairy_free", "mediterranean"}, {"wheat"}},
      {"potato", "Potatoes", FoodRole::kCarb, 87, 1.9, 0.1, 20, with(main, {"breakfast"}), everyone, {}},
      {"bread", "Wholegrain bread", FoodRole::kCarb, 247, 13, 3.4, 41, with(morning, {"lunch"}),
       {"vegetarian", "vegan", "pescatarian", "halal", "kosher", "dairy_free", "mediterranean"}, {"wheat"}},
      {"broccoli", "Broccoli", FoodRole::kVegetable, 35, 2.4, 0.4, 7.2, main, with(everyone, {"keto", "low_carb"}), {}},
      {"spinach", "Spinach", FoodRole::kVegetable, 23, 2.9, 0.4, 3.6, all_meals, with(everyone, {"keto", "low_carb"}),
       {}},
      {"peppers", "Bell peppers", FoodRole::kVegetable, 31, 1, 0.3, 6, main, with(everyone, {"keto", "low_carb"}), {}},
      {"banana", "Banana", FoodRole::kFruit, 89, 1.1, 0.3, 22.8, morning, everyone, {}},
      {"berries", "Mixed berries", FoodRole::kFruit, 57, 0.7, 0.3, 14.5, morning, with(everyone, {"keto", "low_carb"}),
       {}},
      {"oil", "Olive oil", FoodRole::kFat, 884, 0, 100, 0, main, with(everyone, {"keto", "low_carb"}), {}},
      {"almonds", "Almonds", FoodRole::kFat, 579, 21, 50, 22, all_meals, with(everyone, {"keto", "low_carb"}),
       {"tree_nut"}},
      {"avocado", "Avocado", FoodRole::kFat, 160, 2, 14.7, 8.5, all_meals, with(everyone, {"keto", "low_carb"}), {}},
      {"peanut_butter", "Peanut butter", FoodRole::kFat, 588, 25, 50, 20, morning,
       {"vegetarian", "vegan", "pescatarian", "halal", "kosher", "gluten_free", "dairy_free", "low_carb"}, {"peanut"}},
  };
}

}  // namespace stylist::plan
