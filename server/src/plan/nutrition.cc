#include "plan/nutrition.h"

#include <algorithm>

namespace stylist::plan {
namespace {

constexpr double kMaxDeficitShare = 0.25;
constexpr double kMaxSurplusShare = 0.15;

double EnergyFloor(v1::Sex sex) {
  switch (sex) {
    case v1::SEX_FEMALE: return 1200;
    case v1::SEX_MALE: return 1500;
    default: return 1350;
  }
}

bool Has(const std::vector<v1::DietaryPreference>& diets, v1::DietaryPreference d) {
  return std::find(diets.begin(), diets.end(), d) != diets.end();
}

}  // namespace

double BasalMetabolicRate(const BodyFacts& b) {
  const double base = 10 * b.weight_kg + 6.25 * b.height_cm - 5 * b.age;
  switch (b.sex) {
    case v1::SEX_FEMALE: return base - 161;
    case v1::SEX_MALE: return base + 5;
    default: return base - 78;
  }
}

double ActivityMultiplier(v1::ActivityLevel level) {
  switch (level) {
    case v1::ACTIVITY_LEVEL_LIGHT: return 1.375;
    case v1::ACTIVITY_LEVEL_MODERATE: return 1.55;
    case v1::ACTIVITY_LEVEL_ACTIVE: return 1.725;
    case v1::ACTIVITY_LEVEL_VERY_ACTIVE: return 1.9;
    default: return 1.2;
  }
}

double WeeklyRate(v1::FitnessGoal goal, std::optional<double> requested) {
  if (requested) return std::clamp(*requested, -1.0, 0.5);
  switch (goal) {
    case v1::FITNESS_GOAL_LOSE_WEIGHT: return -0.5;
    case v1::FITNESS_GOAL_GAIN_MUSCLE: return 0.25;
    default: return 0;
  }
}

EnergyTarget TargetEnergy(const BodyFacts& body, v1::FitnessGoal goal, std::optional<double> weekly_rate_kg,
                          double tdee_correction_kcal) {
  EnergyTarget t;
  t.bmr_kcal = BasalMetabolicRate(body);
  t.tdee_kcal = t.bmr_kcal * ActivityMultiplier(body.activity) + tdee_correction_kcal;
  t.weekly_rate_kg = WeeklyRate(goal, weekly_rate_kg);
  double change = t.weekly_rate_kg * kKcalPerKg / 7;  // kcal/day, negative for a deficit
  if (change < -kMaxDeficitShare * t.tdee_kcal) {
    change = -kMaxDeficitShare * t.tdee_kcal;
    t.bounded_by = "deficit limited to 25% of daily expenditure";
  } else if (change > kMaxSurplusShare * t.tdee_kcal) {
    change = kMaxSurplusShare * t.tdee_kcal;
    t.bounded_by = "surplus limited to 15% of daily expenditure";
  }
  t.target_kcal = t.tdee_kcal + change;
  const double floor = std::max(t.bmr_kcal, EnergyFloor(body.sex));
  if (t.target_kcal < floor) {
    t.target_kcal = floor;
    t.bounded_by = "intake kept at or above the basal metabolic rate and the safe minimum";
  }
  t.weekly_rate_kg = (t.target_kcal - t.tdee_kcal) * 7 / kKcalPerKg;
  return t;
}

MacroTargets TargetMacros(double energy_kcal, double weight_kg, v1::FitnessGoal goal,
                          const std::vector<v1::DietaryPreference>& diets) {
  MacroTargets m;
  m.energy_kcal = energy_kcal;
  double protein_per_kg = 1.2;
  if (goal == v1::FITNESS_GOAL_LOSE_WEIGHT) protein_per_kg = 2.0;  // keeps muscle in a deficit
  if (goal == v1::FITNESS_GOAL_GAIN_MUSCLE) protein_per_kg = 1.8;
  if (goal == v1::FITNESS_GOAL_IMPROVE_ENDURANCE) protein_per_kg = 1.4;
  // Protein at most 35% of energy, whatever the body weight.
  m.protein_g = std::min(protein_per_kg * weight_kg, 0.35 * energy_kcal / 4);
  const double protein_kcal = m.protein_g * 4;

  if (Has(diets, v1::DIETARY_PREFERENCE_KETO)) {
    m.carbs_g = std::min(30.0, std::max(0.0, (energy_kcal - protein_kcal) / 4));
  } else if (Has(diets, v1::DIETARY_PREFERENCE_LOW_CARB)) {
    m.carbs_g = 0.25 * energy_kcal / 4;
  } else {
    const double fat_share = goal == v1::FITNESS_GOAL_IMPROVE_ENDURANCE ? 0.25 : 0.30;
    m.fat_g = std::max(fat_share * energy_kcal / 9, 0.6 * weight_kg);
    m.carbs_g = std::max(0.0, (energy_kcal - protein_kcal - m.fat_g * 9) / 4);
    return m;
  }
  // Keto and low-carb: fat fills what protein and carbohydrate leave.
  m.fat_g = std::max(0.0, (energy_kcal - protein_kcal - m.carbs_g * 4) / 9);
  return m;
}

}  // namespace stylist::plan
