#include "food_oracle.h"

#include <map>

namespace stylist::testing {
namespace {

const std::map<std::string, OracleFood>& Foods() {
  using O = Origin;
  static const std::map<std::string, OracleFood> foods = {
      {"Grilled chicken breast", {O::kMeat, {}, false}},
      {"Roast turkey breast", {O::kMeat, {}, false}},
      {"Lean beef mince (90%)", {O::kMeat, {}, false}},
      {"Baked salmon", {O::kFish, {"fish"}, false}},
      {"Tuna (canned in water)", {O::kFish, {"fish"}, false}},
      {"Baked cod", {O::kFish, {"fish"}, false}},
      {"Cooked shrimp", {O::kShellfish, {"shellfish"}, false}},
      {"Eggs", {O::kEgg, {"egg"}, false}},
      {"Plain Greek yogurt (non-fat)", {O::kDairy, {"milk"}, false}},
      {"Cottage cheese (2%)", {O::kDairy, {"milk"}, false}},
      {"Mozzarella (part-skim)", {O::kDairy, {"milk"}, false}},
      {"Cheddar cheese", {O::kDairy, {"milk"}, false}},
      {"Firm tofu", {O::kPlant, {"soy"}, false}},
      {"Tempeh", {O::kPlant, {"soy"}, false}},
      {"Edamame", {O::kPlant, {"soy"}, false}},
      {"Cooked lentils", {O::kPlant, {}, false}},
      {"Cooked chickpeas", {O::kPlant, {}, false}},
      {"Cooked black beans", {O::kPlant, {}, false}},
      // Chickpeas ground with tahini: sesame.
      {"Hummus", {O::kPlant, {"sesame"}, false}},
      // Oats carry no gluten of their own, but ordinary rolled oats are
      // grown and milled beside wheat; coeliac societies accept only oats
      // sold as gluten-free.
      {"Rolled oats", {O::kPlant, {}, true}},
      {"Cooked buckwheat groats", {O::kPlant, {}, false}},
      {"Wholegrain bread", {O::kPlant, {"wheat"}, true}},
      {"Brown rice cakes", {O::kPlant, {}, false}},
      {"Corn tortillas", {O::kPlant, {}, false}},
      {"Cooked brown rice", {O::kPlant, {}, false}},
      {"Cooked quinoa", {O::kPlant, {}, false}},
      {"Cooked wholewheat pasta", {O::kPlant, {"wheat"}, true}},
      {"Cooked couscous", {O::kPlant, {"wheat"}, true}},  // semolina: durum wheat
      {"Boiled potatoes", {O::kPlant, {}, false}},
      {"Baked sweet potato", {O::kPlant, {}, false}},
      {"Broccoli", {O::kPlant, {}, false}},
      {"Spinach", {O::kPlant, {}, false}},
      {"Bell peppers", {O::kPlant, {}, false}},
      {"Zucchini", {O::kPlant, {}, false}},
      {"Tomatoes", {O::kPlant, {}, false}},
      {"Carrots", {O::kPlant, {}, false}},
      {"Green beans", {O::kPlant, {}, false}},
      {"Cauliflower", {O::kPlant, {}, false}},
      {"Mixed salad greens", {O::kPlant, {}, false}},
      {"Cucumber", {O::kPlant, {}, false}},
      {"Banana", {O::kPlant, {}, false}},
      {"Blueberries", {O::kPlant, {}, false}},
      {"Strawberries", {O::kPlant, {}, false}},
      {"Raspberries", {O::kPlant, {}, false}},
      {"Apple", {O::kPlant, {}, false}},
      {"Orange", {O::kPlant, {}, false}},
      {"Olive oil", {O::kPlant, {}, false}},
      {"Avocado", {O::kPlant, {}, false}},
      {"Almonds", {O::kPlant, {"tree_nut"}, false}},
      {"Walnuts", {O::kPlant, {"tree_nut"}, false}},
      {"Pumpkin seeds", {O::kPlant, {}, false}},
      {"Chia seeds", {O::kPlant, {}, false}},
      {"Peanut butter", {O::kPlant, {"peanut"}, false}},  // a legume, not a tree nut
      {"Tahini", {O::kPlant, {"sesame"}, false}},
  };
  return foods;
}

}  // namespace

std::optional<OracleFood> FoodByName(const std::string& name) {
  const auto it = Foods().find(name);
  if (it == Foods().end()) return std::nullopt;
  return it->second;
}

bool DietForbids(const std::string& diet, const OracleFood& f) {
  const bool animal = f.origin != Origin::kPlant;
  if (diet == "vegan") return animal;
  if (diet == "vegetarian") return f.origin == Origin::kMeat || f.origin == Origin::kFish || f.origin == Origin::kShellfish;
  if (diet == "pescatarian") return f.origin == Origin::kMeat;
  // Kosher: no shellfish (nor pork, which the table has none of); fish
  // with fins and scales (salmon, tuna, cod) is allowed.
  if (diet == "kosher") return f.origin == Origin::kShellfish;
  if (diet == "gluten_free") return f.gluten;
  if (diet == "dairy_free") return f.origin == Origin::kDairy;
  // Halal forbids pork and alcohol, which the table has none of; keto, low
  // carb and Mediterranean are about proportions, checked as totals.
  return false;
}

std::string AllergenOf(const std::string& word) {
  static const std::map<std::string, std::string> words = {
      {"peanuts", "peanut"}, {"tree nuts", "tree_nut"}, {"milk", "milk"},   {"eggs", "egg"},     {"wheat", "wheat"},
      {"soy", "soy"},        {"fish", "fish"},          {"shellfish", "shellfish"}, {"sesame", "sesame"}};
  return words.at(word);
}

}  // namespace stylist::testing
