#include "plan/meal_composer.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace stylist::plan {
namespace {

struct Slot {
  const char* meal;  // as in Food::meals
  double share;      // of the day's energy and macros
  FoodRole produce;  // vegetable or fruit
  double produce_g;
};
constexpr std::array<Slot, 4> kSlots = {{{"breakfast", 0.25, FoodRole::kFruit, 120},
                                         {"lunch", 0.30, FoodRole::kVegetable, 150},
                                         {"dinner", 0.30, FoodRole::kVegetable, 150},
                                         {"snack", 0.15, FoodRole::kFruit, 100}}};

struct Portion {
  const Food* food = nullptr;
  double grams = 0;
};

struct MealDraft {
  Portion protein, carb, produce, fat;
};

bool IsKeto(const MealRequest& r) {
  return std::find(r.diet_tags.begin(), r.diet_tags.end(), "keto") != r.diet_tags.end();
}

std::vector<const Food*> Candidates(const std::vector<Food>& foods, const MealRequest& r, const char* meal,
                                    FoodRole role) {
  std::vector<const Food*> out;
  for (const auto& f : foods) {
    if (f.role != role) continue;
    if (std::find(f.meals.begin(), f.meals.end(), meal) == f.meals.end()) continue;
    if (Allowed(f, r.diet_tags, r.allergen_tags, r.unmatched_words)) out.push_back(&f);
  }
  return out;
}

const char* RoleName(FoodRole role) {
  switch (role) {
    case FoodRole::kProtein: return "protein food";
    case FoodRole::kCarb: return "carbohydrate food";
    case FoodRole::kVegetable: return "vegetable";
    case FoodRole::kFruit: return "fruit";
    case FoodRole::kFat: return "fat";
  }
  return "food";
}

const Food* Pick(const std::vector<const Food*>& c, std::uint64_t index) {
  return c.empty() ? nullptr : c[static_cast<std::size_t>(index % c.size())];
}

double Energy(const Portion& p) { return p.food ? p.food->energy_kcal * p.grams / 100 : 0; }
double Protein(const Portion& p) { return p.food ? p.food->protein_g * p.grams / 100 : 0; }
double Fat(const Portion& p) { return p.food ? p.food->fat_g * p.grams / 100 : 0; }
double Carbs(const Portion& p) { return p.food ? p.food->carbs_g * p.grams / 100 : 0; }

// Portions for one meal's targets: the protein food covers the protein
// target, the fat food what fat is still missing (at most 35% of the
// meal's energy), the carbohydrate food the remaining energy (on keto the
// fat food takes it).
void FillPortions(MealDraft& m, double energy, double protein, double fat) {
  auto per_g = [](const Food* f, double Food::*field) { return f ? f->*field / 100 : 0; };
  const double pP = per_g(m.protein.food, &Food::protein_g);
  m.protein.grams = pP > 0 ? std::clamp((protein - Protein(m.produce)) / pP, 40.0, 350.0) : 0;
  if (m.fat.food) {
    const double missing_fat = fat - Fat(m.produce) - Fat(m.protein);
    const double fF = per_g(m.fat.food, &Food::fat_g);
    const double cap = 0.35 * energy / per_g(m.fat.food, &Food::energy_kcal);
    m.fat.grams = fF > 0 ? std::clamp(missing_fat / fF, 0.0, cap) : 0;
  }
  const double left = energy - Energy(m.produce) - Energy(m.protein) - Energy(m.fat);
  if (m.carb.food) {
    m.carb.grams = std::clamp(left / per_g(m.carb.food, &Food::energy_kcal), 20.0, 450.0);
  } else if (m.fat.food) {
    m.fat.grams = std::max(0.0, m.fat.grams + left / per_g(m.fat.food, &Food::energy_kcal));
  }
}

double Round(double grams, double step) { return std::max(step, std::round(grams / step) * step); }

// Nutrition is stated to a tenth (of a kcal or a gram): more is noise from
// the food table's per-100 g figures, and sums of unrounded doubles print as
// 2273.2999999999997. The nearest double to a tenth prints as that tenth.
double Tenth(double v) { return std::round(v * 10) / 10; }

// Adds `add` to `sum`, both to a tenth.
void AddNutrition(v1::Nutrition* sum, const v1::Nutrition& add) {
  sum->set_energy_kcal(Tenth(sum->energy_kcal() + add.energy_kcal()));
  sum->set_protein_g(Tenth(sum->protein_g() + add.protein_g()));
  sum->set_fat_g(Tenth(sum->fat_g() + add.fat_g()));
  sum->set_carbs_g(Tenth(sum->carbs_g() + add.carbs_g()));
}

void AddItem(v1::Meal* meal, const Portion& p) {
  if (!p.food || p.grams <= 0) return;
  auto* item = meal->add_items();
  item->set_name(p.food->name);
  item->set_quantity(p.grams);
  item->set_unit("g");
  auto* n = item->mutable_nutrition();
  n->set_energy_kcal(Tenth(Energy(p)));
  n->set_protein_g(Tenth(Protein(p)));
  n->set_fat_g(Tenth(Fat(p)));
  n->set_carbs_g(Tenth(Carbs(p)));
  AddNutrition(meal->mutable_nutrition(), *n);
}

std::string LowerFirst(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string MealName(const MealDraft& m) {
  std::string name = m.protein.food->name;
  if (m.carb.food) name += " with " + LowerFirst(m.carb.food->name);
  name += (m.carb.food ? " and " : " with ") + LowerFirst(m.produce.food->name);
  return name;
}

}  // namespace

std::vector<v1::MealPlanDay> ComposeMeals(const std::vector<Food>& foods, const MealRequest& r) {
  const bool keto = IsKeto(r);
  const bool low_carb = std::find(r.diet_tags.begin(), r.diet_tags.end(), "low_carb") != r.diet_tags.end();
  const bool kosher = std::find(r.diet_tags.begin(), r.diet_tags.end(), "kosher") != r.diet_tags.end();
  struct Choices {
    std::vector<const Food*> protein, carb, produce, fat;
    // Kosher: the fats a meal with meat may take (no dairy), and the
    // proteins that are not meat, for a meal with no such fat.
    std::vector<const Food*> pareve_fat, not_meat_protein;
  };
  std::array<Choices, kSlots.size()> choices;
  for (std::size_t s = 0; s < kSlots.size(); ++s) {
    const auto& slot = kSlots[s];
    auto& c = choices[s];
    c.protein = Candidates(foods, r, slot.meal, FoodRole::kProtein);
    if (!keto) c.carb = Candidates(foods, r, slot.meal, FoodRole::kCarb);
    c.produce = Candidates(foods, r, slot.meal, slot.produce);
    if (c.produce.empty()) c.produce = Candidates(foods, r, slot.meal, FoodRole::kVegetable);
    c.fat = Candidates(foods, r, slot.meal, FoodRole::kFat);
    for (const Food* f : c.fat) {
      if (!IsDairy(*f)) c.pareve_fat.push_back(f);
    }
    for (const Food* f : c.protein) {
      if (!IsMeat(*f)) c.not_meat_protein.push_back(f);
    }
    for (const auto& [list, role] : {std::pair{&c.protein, FoodRole::kProtein}, std::pair{&c.produce, slot.produce}}) {
      if (list->empty()) {
        throw NothingToEat(std::string("no ") + RoleName(role) + " for " + slot.meal +
                           " fits these diets and allergies");
      }
    }
    // Low-carb meals take a starchy food only where one is tagged
    // low-carb; without one, protein, produce and fat make the meal.
    if (!keto && !low_carb && c.carb.empty()) {
      throw NothingToEat(std::string("no carbohydrate food for ") + slot.meal + " fits these diets and allergies");
    }
    if (c.carb.empty() && c.fat.empty()) {
      throw NothingToEat(std::string("no fat for ") + slot.meal + " fits a keto or low-carb diet with these allergies");
    }
  }

  std::vector<v1::MealPlanDay> days;
  for (std::size_t d = 0; d < r.dates.size(); ++d) {
    std::array<MealDraft, kSlots.size()> drafts;
    for (std::size_t s = 0; s < kSlots.size(); ++s) {
      const auto& slot = kSlots[s];
      const auto& c = choices[s];
      // Different strides per part, so combinations vary, not only foods.
      const std::uint64_t base = r.seed + d;
      auto& m = drafts[s];
      m.protein.food = Pick(c.protein, base * 3 + s);
      m.carb.food = Pick(c.carb, base * 5 + s * 2);
      m.produce.food = Pick(c.produce, base * 7 + s * 3);
      m.produce.grams = slot.produce_g;
      m.fat.food = Pick(c.fat, base * 11 + s);
      // Kosher keeps meat and dairy out of one meal: a meat meal takes a
      // fat without dairy, or, with none (and no starch to carry the
      // energy), another protein.
      if (kosher && m.protein.food && m.fat.food && IsMeat(*m.protein.food) && IsDairy(*m.fat.food)) {
        m.fat.food = Pick(c.pareve_fat, base * 11 + s);
        if (!m.fat.food && !m.carb.food && !c.not_meat_protein.empty()) {
          m.protein.food = Pick(c.not_meat_protein, base * 3 + s);
          m.fat.food = Pick(c.fat, base * 11 + s);
        }
      }
      FillPortions(m, slot.share * r.daily.energy_kcal, slot.share * r.daily.protein_g, slot.share * r.daily.fat_g);
    }
    // Bring the day to its energy target: scale what is not produce, then
    // round (5 g steps, fats 1 g, under 5 g of a fat dropped), then let the largest adjustable portion
    // absorb what rounding and clamping left.
    double fixed = 0, scalable = 0;
    for (const auto& m : drafts) {
      fixed += Energy(m.produce);
      scalable += Energy(m.protein) + Energy(m.carb) + Energy(m.fat);
    }
    const double k = scalable > 0 ? std::clamp((r.daily.energy_kcal - fixed) / scalable, 0.5, 2.0) : 1.0;
    double total = 0;
    for (auto& m : drafts) {
      for (Portion* p : {&m.protein, &m.carb, &m.fat}) {
        if (!p->food) continue;
        if (p->food->role == FoodRole::kFat) {
          // A few grams of a fat is not worth listing.
          p->grams = p->grams * k < 5 ? 0 : Round(p->grams * k, 1);
        } else {
          p->grams = Round(p->grams * k, 5);
        }
      }
      total += Energy(m.protein) + Energy(m.carb) + Energy(m.fat) + Energy(m.produce);
    }
    Portion* adjustable = nullptr;
    for (auto& m : drafts) {
      Portion* p = m.carb.food ? &m.carb : &m.fat;
      if (p->food && p->grams > 0 && (!adjustable || Energy(*p) > Energy(*adjustable))) adjustable = p;
    }
    if (adjustable && std::abs(total - r.daily.energy_kcal) > 0.02 * r.daily.energy_kcal) {
      const double step = adjustable->food->role == FoodRole::kFat ? 1 : 5;
      const double grams = adjustable->grams + (r.daily.energy_kcal - total) * 100 / adjustable->food->energy_kcal;
      adjustable->grams = Round(std::max(step, grams), step);
    }

    v1::MealPlanDay day;
    *day.mutable_date() = r.dates[d];
    v1::Meal* meals[] = {day.mutable_breakfast(), day.mutable_lunch(), day.mutable_dinner(), day.mutable_snacks()};
    for (std::size_t s = 0; s < kSlots.size(); ++s) {
      const auto& m = drafts[s];
      meals[s]->set_name(MealName(m));
      for (const Portion* p : {&m.protein, &m.carb, &m.produce, &m.fat}) AddItem(meals[s], *p);
      AddNutrition(day.mutable_total(), meals[s]->nutrition());
    }
    days.push_back(std::move(day));
  }
  return days;
}

}  // namespace stylist::plan
