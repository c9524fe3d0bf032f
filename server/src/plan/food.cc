#include "plan/food.h"
#include "common/text.h"

#include <algorithm>
#include <map>

namespace stylist::plan {
namespace {


bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::string DietTag(v1::DietaryPreference diet) {
  switch (diet) {
    case v1::DIETARY_PREFERENCE_VEGETARIAN: return "vegetarian";
    case v1::DIETARY_PREFERENCE_VEGAN: return "vegan";
    case v1::DIETARY_PREFERENCE_PESCATARIAN: return "pescatarian";
    case v1::DIETARY_PREFERENCE_KETO: return "keto";
    case v1::DIETARY_PREFERENCE_HALAL: return "halal";
    case v1::DIETARY_PREFERENCE_KOSHER: return "kosher";
    case v1::DIETARY_PREFERENCE_GLUTEN_FREE: return "gluten_free";
    case v1::DIETARY_PREFERENCE_DAIRY_FREE: return "dairy_free";
    case v1::DIETARY_PREFERENCE_LOW_CARB: return "low_carb";
    case v1::DIETARY_PREFERENCE_MEDITERRANEAN: return "mediterranean";
    default: return "";
  }
}

void AllergenTags(const std::vector<std::string>& words, std::vector<std::string>* tags,
                  std::vector<std::string>* unmatched) {
  static const std::map<std::string, std::vector<std::string>> kSynonyms = {
      {"peanut", {"peanut"}},     {"peanuts", {"peanut"}},       {"groundnut", {"peanut"}},
      {"nut", {"tree_nut", "peanut"}}, {"nuts", {"tree_nut", "peanut"}}, {"tree nut", {"tree_nut"}},
      {"tree nuts", {"tree_nut"}}, {"almond", {"tree_nut"}},     {"almonds", {"tree_nut"}},
      {"walnut", {"tree_nut"}},   {"walnuts", {"tree_nut"}},     {"milk", {"milk"}},
      {"dairy", {"milk"}},        {"lactose", {"milk"}},         {"egg", {"egg"}},
      {"eggs", {"egg"}},          {"gluten", {"wheat"}},         {"wheat", {"wheat"}},
      {"celiac", {"wheat"}},      {"coeliac", {"wheat"}},        {"soy", {"soy"}},
      {"soya", {"soy"}},          {"fish", {"fish"}},            {"shellfish", {"shellfish"}},
      {"shrimp", {"shellfish"}},  {"prawn", {"shellfish"}},      {"prawns", {"shellfish"}},
      {"crustacean", {"shellfish"}}, {"crustaceans", {"shellfish"}}, {"sesame", {"sesame"}},
  };
  for (const auto& raw : words) {
    const std::string w = text::Lower(text::Trim(raw, " \t"));
    if (w.empty()) continue;
    auto it = kSynonyms.find(w);
    if (it == kSynonyms.end()) {
      unmatched->push_back(w);
      continue;
    }
    for (const auto& t : it->second) {
      if (!Contains(*tags, t)) tags->push_back(t);
    }
  }
}

bool IsMeat(const Food& food) {
  const auto tagged = [&](const char* diet) {
    return std::find(food.diets.begin(), food.diets.end(), diet) != food.diets.end();
  };
  return food.role == FoodRole::kProtein && !tagged("vegetarian") && !tagged("pescatarian");
}

bool IsDairy(const Food& food) {
  return std::find(food.allergens.begin(), food.allergens.end(), "milk") != food.allergens.end();
}

bool Allowed(const Food& food, const std::vector<std::string>& diet_tags, const std::vector<std::string>& allergen_tags,
             const std::vector<std::string>& unmatched_words) {
  for (const auto& d : diet_tags) {
    if (!Contains(food.diets, d)) return false;
  }
  for (const auto& a : allergen_tags) {
    if (Contains(food.allergens, a)) return false;
  }
  const std::string name = text::Lower(text::Trim(food.name, " \t"));
  for (const auto& w : unmatched_words) {
    if (name.find(w) != std::string::npos) return false;
  }
  return true;
}

}  // namespace stylist::plan
