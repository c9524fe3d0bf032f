// Body-weight trend from progress logs, and what it says about the energy
// estimate: when the logged weight moves at a different rate than the plans
// aimed for, the user's real expenditure differs from the formula's, and
// the next plan corrects for it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace stylist::plan {

struct WeighIn {
  long day = 0;  // days since 1970-01-01
  double kg = 0;
};

// Slope of the least-squares line through the weigh-ins, kg per week;
// nullopt with fewer than two weigh-ins or all on one day.
std::optional<double> WeeklyTrend(const std::vector<WeighIn>& weigh_ins);

// Trusted only with at least this many weigh-ins spread over this many
// days: water and food swing daily weight by a kilogram or more.
inline constexpr int kMinWeighIns = 3;
inline constexpr long kMinTrendDays = 14;
// Departures smaller than this (kg/week) are noise, not a signal.
inline constexpr double kTrendTolerance = 0.2;
// At most this much correction per plan (kcal/day), so that one odd month
// cannot swing the plan far.
inline constexpr double kMaxCorrection = 300;

struct TrendCorrection {
  // Added to the estimated daily expenditure (negative: the user burns
  // less than the formula says).
  double tdee_correction_kcal = 0;
  double observed_weekly_kg = 0;
  std::string note;
};

// The correction the weigh-ins call for against the rate the plans aimed
// at; nullopt when there is too little data or the trend is on course.
std::optional<TrendCorrection> CorrectForTrend(const std::vector<WeighIn>& weigh_ins, double intended_weekly_kg);

}  // namespace stylist::plan
