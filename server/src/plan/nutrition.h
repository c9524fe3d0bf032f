// The plan engine's energy and macronutrient targets: pure functions, the
// numbers every generated plan is built on (the optional LLM pass never
// changes them).
//
// Energy: basal metabolic rate by Mifflin-St Jeor, times an activity
// multiplier (TDEE), moved by the goal's weekly rate at 7,700 kcal per kg
// of body weight, within safe bounds: a deficit of at most 25% of TDEE, a
// surplus of at most 15%, and never below the BMR nor an absolute floor
// (1,200 kcal for women, 1,500 for men, 1,350 otherwise).
// Macros: protein by body weight for the goal, fat a share of energy (with
// a floor by body weight), carbohydrate the rest; keto and low-carb diets
// move energy from carbohydrate to fat.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stylist/v1/common.pb.h"

namespace stylist::plan {

struct BodyFacts {
  int age = 0;
  v1::Sex sex = v1::SEX_UNSPECIFIED;
  double height_cm = 0;
  double weight_kg = 0;
  v1::ActivityLevel activity = v1::ACTIVITY_LEVEL_UNSPECIFIED;
};

// kcal/day. Women: 10w + 6.25h - 5a - 161; men: ... + 5; anyone else the
// mean of the two (-78).
double BasalMetabolicRate(const BodyFacts& body);
// 1.2 sedentary (and unspecified), 1.375 light, 1.55 moderate, 1.725
// active, 1.9 very active.
double ActivityMultiplier(v1::ActivityLevel level);

inline constexpr double kKcalPerKg = 7700;

struct EnergyTarget {
  double bmr_kcal = 0;
  double tdee_kcal = 0;
  double target_kcal = 0;
  // The weekly change the target aims at after the safety bounds (kg).
  double weekly_rate_kg = 0;
  // Set when a safety bound moved the target: why, for the plan's notes.
  std::string bounded_by;
};

// The goal's default weekly rate: -0.5 kg to lose weight, +0.25 kg to gain
// muscle, 0 otherwise. `requested` (clamped to -1.0..+0.5) overrides it.
double WeeklyRate(v1::FitnessGoal goal, std::optional<double> requested);

// `tdee_correction_kcal` moves the estimated expenditure by what the
// user's logged weight trend showed it really is (plan/trend.h); the safety
// bounds apply after it.
EnergyTarget TargetEnergy(const BodyFacts& body, v1::FitnessGoal goal, std::optional<double> weekly_rate_kg,
                          double tdee_correction_kcal = 0);

struct MacroTargets {
  double energy_kcal = 0;
  double protein_g = 0;
  double fat_g = 0;
  double carbs_g = 0;
};

MacroTargets TargetMacros(double energy_kcal, double weight_kg, v1::FitnessGoal goal,
                          const std::vector<v1::DietaryPreference>& diets);

}  // namespace stylist::plan
