// The plan summary's template: the engine's figures, the training days and
// the variety of foods, in plain words; and without a model, the template
// is the summary.
#include "plan/plan_summary.h"

#include <gtest/gtest.h>

namespace stylist::plan {
namespace {

v1::Plan SmallPlan() {
  v1::Plan p;
  auto* d = p.mutable_targets()->mutable_daily();
  d->set_energy_kcal(1680);
  d->set_protein_g(144);
  d->set_fat_g(56);
  d->set_carbs_g(151);
  p.mutable_targets()->set_weekly_rate_kg(-0.5);
  for (int i = 0; i < 3; ++i) {
    auto* m = p.add_meal_days();
    m->mutable_breakfast()->set_name("Oats");
    m->mutable_breakfast()->add_items()->set_name(i == 0 ? "Rolled oats" : "Eggs");
    m->mutable_lunch()->add_items()->set_name("Lentils");
    auto* w = p.add_workout_days();
    w->set_rest_day(i == 1);
    if (i != 1) w->add_sessions()->set_name(i == 0 ? "Full body strength A" : "Zone 2 cardio");
  }
  return p;
}

TEST(PlanSummaryTest, TheTemplateStatesTheEnginesFigures) {
  const auto text = TemplateSummary(SmallPlan());
  EXPECT_NE(text.find("3-day plan aims for 1,680 kcal a day"), std::string::npos) << text;
  EXPECT_NE(text.find("144 g protein, 56 g fat, 151 g carbohydrate"), std::string::npos) << text;
  EXPECT_NE(text.find("to lose about 0.50 kg a week"), std::string::npos) << text;
  EXPECT_NE(text.find("train on 2 of its 3 days (Full body strength A and Zone 2 cardio)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("rotate 3 foods"), std::string::npos) << text;
}

TEST(PlanSummaryTest, WithoutAModelTheTemplateIsTheSummary) {
  const auto s = Summarize(SmallPlan(), nullptr);
  EXPECT_FALSE(s.by_model);
  EXPECT_EQ(s.text, TemplateSummary(SmallPlan()));
}

}  // namespace
}  // namespace stylist::plan
