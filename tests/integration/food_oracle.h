// An oracle for diet and allergen safety that owes nothing to the product:
// every food the shipped table offers (by the name a plan shows), with
// what it is made of and the allergens it carries, written by hand from
// public references — the US major food allergens (FALCPA 2004 plus sesame,
// FASTER Act 2021; the EU's Regulation 1169/2011 Annex II lists the same
// ones among its 14) and the common rules of each diet — not from the
// product's own tags or Allowed().
#pragma once

#include <optional>
#include <set>
#include <string>

namespace stylist::testing {

enum class Origin { kPlant, kMeat, kFish, kShellfish, kEgg, kDairy };

struct OracleFood {
  Origin origin;
  std::set<std::string> allergens;  // peanut, tree_nut, milk, egg, wheat, soy, fish, shellfish, sesame
  bool gluten;                      // wheat, barley, rye, or oats not sold as gluten-free
};

// nullopt for a name the oracle does not know (a test failure: the table
// grew and the oracle must be taught the new food).
std::optional<OracleFood> FoodByName(const std::string& name);

// Whether a diet (as the API spells it: "vegan", "kosher"...) forbids the
// food on its own; kosher's meat-with-dairy rule is per meal (MealBreaksKosher).
bool DietForbids(const std::string& diet, const OracleFood& food);

// The allergen an allergy word names ("peanuts" -> "peanut").
std::string AllergenOf(const std::string& allergy_word);

}  // namespace stylist::testing
