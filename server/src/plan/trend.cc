#include "plan/trend.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "plan/nutrition.h"

namespace stylist::plan {

std::optional<double> WeeklyTrend(const std::vector<WeighIn>& w) {
  if (w.size() < 2) return std::nullopt;
  double mx = 0, my = 0;
  for (const auto& p : w) {
    mx += static_cast<double>(p.day);
    my += p.kg;
  }
  mx /= static_cast<double>(w.size());
  my /= static_cast<double>(w.size());
  double sxy = 0, sxx = 0;
  for (const auto& p : w) {
    sxy += (static_cast<double>(p.day) - mx) * (p.kg - my);
    sxx += (static_cast<double>(p.day) - mx) * (static_cast<double>(p.day) - mx);
  }
  if (sxx == 0) return std::nullopt;
  return sxy / sxx * 7;
}

std::optional<TrendCorrection> CorrectForTrend(const std::vector<WeighIn>& w, double intended) {
  if (static_cast<int>(w.size()) < kMinWeighIns) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(w.begin(), w.end(), [](auto& a, auto& b) { return a.day < b.day; });
  if (hi->day - lo->day < kMinTrendDays) return std::nullopt;
  const auto observed = WeeklyTrend(w);
  if (!observed || std::abs(*observed - intended) <= kTrendTolerance) return std::nullopt;
  // Gaining faster (or losing slower) than intended means intake exceeded
  // expenditure by more than planned: the expenditure is lower.
  TrendCorrection c;
  c.observed_weekly_kg = *observed;
  c.tdee_correction_kcal =
      std::clamp((intended - *observed) * kKcalPerKg / 7, -kMaxCorrection, kMaxCorrection);
  char buf[240];
  std::snprintf(buf, sizeof buf,
                "Your logged weight changed %+.2f kg a week where the plan aimed at %+.2f; the energy estimate "
                "moves by %+.0f kcal a day to get back on course.",
                *observed, intended, c.tdee_correction_kcal);
  c.note = buf;
  return c;
}

}  // namespace stylist::plan
