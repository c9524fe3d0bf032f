// The weight trend and the correction it asks of the next plan, on
// hand-computed series; and the calendar arithmetic the plans rely on.
#include "plan/trend.h"

#include <gtest/gtest.h>

#include "common/dates.h"

namespace stylist::plan {
namespace {

std::vector<WeighIn> Line(double start_kg, double kg_per_week, int days, int every) {
  std::vector<WeighIn> out;
  for (int d = 0; d < days; d += every) out.push_back({20000 + d, start_kg + kg_per_week * d / 7});
  return out;
}

TEST(TrendTest, WeeklyTrendIsTheLeastSquaresSlope) {
  EXPECT_NEAR(*WeeklyTrend(Line(80, -0.5, 28, 1)), -0.5, 1e-9);
  EXPECT_NEAR(*WeeklyTrend(Line(60, 0.25, 21, 3)), 0.25, 1e-9);
  // Noise around a flat line: +1, -1, +1, -1 kg on days 0, 1, 2, 3 gives
  // slope -0.4 kg/day by hand (sum dx*dy = -2, sum dx^2 = 5), -2.8 a week.
  EXPECT_NEAR(*WeeklyTrend({{0, 81}, {1, 79}, {2, 81}, {3, 79}}), -2.8, 1e-9);
  EXPECT_FALSE(WeeklyTrend({{5, 70}}));
  EXPECT_FALSE(WeeklyTrend({{5, 70}, {5, 71}}));
}

TEST(TrendTest, ACorrectionNeedsEnoughDataAndARealDeparture) {
  // Too few weigh-ins, or too short a span: no correction.
  EXPECT_FALSE(CorrectForTrend(Line(80, 0, 28, 14), -0.5));
  EXPECT_FALSE(CorrectForTrend(Line(80, 0, 10, 1), -0.5));
  // On course within the tolerance.
  EXPECT_FALSE(CorrectForTrend(Line(80, -0.4, 28, 2), -0.5));
  // Losing 0.25 kg a week where 0.5 was planned: expenditure is
  // 0.25 * 7700 / 7 = 275 kcal a day lower than estimated.
  const auto slow = CorrectForTrend(Line(80, -0.25, 28, 2), -0.5);
  ASSERT_TRUE(slow);
  EXPECT_NEAR(slow->tdee_correction_kcal, -0.25 * 7700 / 7, 1e-6);
  EXPECT_NEAR(slow->observed_weekly_kg, -0.25, 1e-9);
  EXPECT_FALSE(slow->note.empty());
  // Losing faster than planned: eat more. Capped at 300 kcal either way.
  const auto fast = CorrectForTrend(Line(80, -1.5, 28, 2), -0.5);
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->tdee_correction_kcal, kMaxCorrection);
  const auto gaining = CorrectForTrend(Line(80, 1.0, 28, 2), 0);
  ASSERT_TRUE(gaining);
  EXPECT_EQ(gaining->tdee_correction_kcal, -kMaxCorrection);
}

TEST(DatesTest, DayArithmeticRoundTripsAcrossMonthsYearsAndLeapDays) {
  google::type::Date d;
  d.set_year(2024);
  d.set_month(2);
  d.set_day(28);
  EXPECT_EQ(*DateParam(AddDays(d, 1)), "2024-02-29");
  EXPECT_EQ(*DateParam(AddDays(d, 2)), "2024-03-01");
  d.set_year(2026);
  d.set_month(12);
  d.set_day(31);
  EXPECT_EQ(*DateParam(AddDays(d, 1)), "2027-01-01");
  EXPECT_EQ(*DateParam(AddDays(d, -365)), "2025-12-31");
  for (long day = -800; day < 30000; day += 37) EXPECT_EQ(DaysFromCivil(CivilFromDays(day)), day);
  d.set_month(2);
  d.set_day(29);
  EXPECT_FALSE(IsRealDate(d)) << "2026 is not a leap year";
  EXPECT_FALSE(IsSet(google::type::Date()));
}

}  // namespace
}  // namespace stylist::plan
