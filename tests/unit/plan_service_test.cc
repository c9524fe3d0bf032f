// The plan service's rules on in-memory stores (fake_plan_store.h,
// fake_profile_store.h): a plan is stored for its owner only, overlapping
// days are refused unless replacing, what may be logged, pages, and the
// adherence figures of GetProgress.
#include <gtest/gtest.h>

#include "common/api_error.h"
#include "common/dates.h"
#include "fake_plan_store.h"
#include "fake_profile_store.h"
#include "plan/plan_service.h"
#include "service_test_support.h"
#include "test_quota.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";

google::type::Date InDays(long days) { return AddDays(Today(), days); }

class PlanServiceTest : public ::testing::Test {
 protected:
  PlanServiceTest() : service_(plan::Deps{plans_, profiles_, quota_, nullptr}) {
    for (const char* id : {kAda, kBob}) {
      auto& f = *profiles_.Add(id, id == std::string(kAda) ? "ada" : "bob").profile.mutable_fitness();
      f.set_age(36);
      f.set_sex(v1::SEX_FEMALE);
      f.set_height_cm(170);
      f.set_weight_kg(65);
      f.set_activity_level(v1::ACTIVITY_LEVEL_MODERATE);
      f.set_fitness_goal(v1::FITNESS_GOAL_MAINTAIN);
    }
  }

  v1::Plan Generate(const std::string& user, long first_day, long last_day, bool replace = false) {
    v1::GeneratePlanRequest req;
    *req.mutable_start_date() = InDays(first_day);
    *req.mutable_end_date() = InDays(last_day);
    req.mutable_options()->set_replace_existing(replace);
    v1::GeneratePlanResponse resp;
    service_.GeneratePlan(As(user), req, &resp);
    return resp.plan();
  }

  FakePlanStore plans_;
  FakeProfileStore profiles_;
  AiQuota quota_{UnreachableAiLimits()};
  plan::PlanService service_;
};

TEST_F(PlanServiceTest, APlanIsStoredWithItsDaysAndReadByItsOwnerOnly) {
  const v1::Plan made = Generate(kAda, 1, 7);
  EXPECT_EQ(made.meal_days_size(), 7);
  EXPECT_FALSE(made.plan_id().empty());

  v1::GetPlanRequest get;
  get.set_plan_id(made.plan_id());
  v1::GetPlanResponse got;
  service_.GetPlan(As(kAda), get, &got);
  EXPECT_EQ(got.plan().plan_id(), made.plan_id());
  EXPECT_EQ(got.plan().workout_days_size(), 7);
  // Bob's view of Ada's plan: as if there were none.
  EXPECT_EQ(ErrorOf([&] { service_.GetPlan(As(kBob), get, &got); }).code(), grpc::StatusCode::NOT_FOUND);
  v1::DeletePlanRequest del;
  del.set_plan_id(made.plan_id());
  EXPECT_EQ(ErrorOf([&] { service_.DeletePlan(As(kBob), del, nullptr); }).code(), grpc::StatusCode::NOT_FOUND);
  get.set_plan_id("not-an-id");
  EXPECT_EQ(ErrorOf([&] { service_.GetPlan(As(kAda), get, &got); }).code(), grpc::StatusCode::INVALID_ARGUMENT);

  // The day's meals by date, for the owner.
  v1::GetMealPlanRequest day;
  *day.mutable_date() = InDays(3);
  v1::GetMealPlanResponse meals;
  service_.GetMealPlan(As(kAda), day, &meals);
  EXPECT_EQ(meals.plan_id(), made.plan_id());
  EXPECT_EQ(ErrorOf([&] { service_.GetMealPlan(As(kBob), day, &meals); }).code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlanServiceTest, OverlappingDaysAreRefusedUnlessReplacing) {
  const v1::Plan first = Generate(kAda, 1, 7);
  const int writes = plans_.writes;
  const ApiError refused = ErrorOf([&] { Generate(kAda, 5, 10); });
  EXPECT_EQ(refused.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(std::string(refused.what()).find(*DateParam(InDays(5))), std::string::npos) << refused.what();
  EXPECT_EQ(plans_.writes, writes);
  // Another user's days are no obstacle.
  Generate(kBob, 5, 10);

  const v1::Plan replacing = Generate(kAda, 1, 10, /*replace=*/true);
  EXPECT_EQ(replacing.meal_days_size(), 10);
  v1::GetPlanRequest get;
  get.set_plan_id(first.plan_id());
  v1::GetPlanResponse got;
  // The first plan lost all its days to the new one, and with them itself.
  EXPECT_EQ(ErrorOf([&] { service_.GetPlan(As(kAda), get, &got); }).code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlanServiceTest, APlanStoredMeanwhileForTheSameDaysIsAClearRefusal) {
  plans_.race_on_insert = true;  // the days' key refuses the insert, as when two requests race
  const ApiError e = ErrorOf([&] { Generate(kAda, 1, 3); });
  EXPECT_EQ(e.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(std::string(e.what()).find("replace_existing"), std::string::npos);
}

TEST_F(PlanServiceTest, PlansArePagedNewestFirstAndTokensAreBoundToTheirList) {
  Generate(kAda, 1, 2);
  Generate(kAda, 3, 4);
  Generate(kAda, 5, 6);
  v1::ListPlansRequest req;
  req.set_page_size(2);
  v1::ListPlansResponse page1;
  service_.ListPlans(As(kAda), req, &page1);
  ASSERT_EQ(page1.plans_size(), 2);
  EXPECT_EQ(*DateParam(page1.plans(0).start_date()), *DateParam(InDays(5)));
  ASSERT_FALSE(page1.next_page_token().empty());
  req.set_page_token(page1.next_page_token());
  v1::ListPlansResponse page2;
  service_.ListPlans(As(kAda), req, &page2);
  ASSERT_EQ(page2.plans_size(), 1);
  EXPECT_EQ(*DateParam(page2.plans(0).start_date()), *DateParam(InDays(1)));
  EXPECT_TRUE(page2.next_page_token().empty());
  // The token of the list without days is no good for the list with them.
  req.set_include_days(true);
  EXPECT_EQ(ErrorOf([&] { service_.ListPlans(As(kAda), req, &page2); }).code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PlanServiceTest, ProgressLogsRefuseNothingFutureDaysAndImpossibleValuesWithoutWriting) {
  v1::LogProgressResponse resp;
  v1::LogProgressRequest nothing;
  EXPECT_EQ(ErrorOf([&] { service_.LogProgress(As(kAda), nothing, &resp); }).code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::LogProgressRequest future;
  *future.mutable_date() = InDays(5);
  future.set_weight_kg(64);
  EXPECT_EQ(ErrorOf([&] { service_.LogProgress(As(kAda), future, &resp); }).code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::LogProgressRequest heavy;
  heavy.set_weight_kg(900);
  heavy.set_workouts_completed(50);
  const ApiError e = ErrorOf([&] { service_.LogProgress(As(kAda), heavy, &resp); });
  EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(plans_.writes, 0);

  v1::LogProgressRequest ok;
  ok.set_weight_kg(64.5);
  service_.LogProgress(As(kAda), ok, &resp);
  EXPECT_DOUBLE_EQ(resp.progress_log().weight_kg(), 64.5);
  EXPECT_EQ(*DateParam(resp.progress_log().date()), *DateParam(Today()));
}

// Adherence counts the days that have happened: a planned workout tomorrow
// is not a missed one; a day's calories count as on target within 10%.
TEST_F(PlanServiceTest, ProgressAdherenceCountsPastDaysOnly) {
  auto day = [](long offset, std::optional<int> done, std::optional<int> planned, std::optional<double> kcal,
                std::optional<double> target, std::optional<double> weight = std::nullopt) {
    return plan::PlanStore::SeriesDay{*DateParam(InDays(offset)), weight, kcal, done, planned, target};
  };
  plans_.series[kAda] = {
      day(-3, 1, 1, 2000, 2000, 66.0),  // done, on target
      day(-2, 0, 1, 2300, 2000),        // missed, 15% over
      day(-1, 2, 1, 1850, 2000, 65.6),  // more than planned counts as planned; 7.5% under: on target
      day(1, std::nullopt, 3, std::nullopt, 2000),  // ahead: not yet due
  };
  v1::GetProgressRequest req;
  *req.mutable_start_date() = InDays(-3);
  *req.mutable_end_date() = InDays(1);
  v1::GetProgressResponse resp;
  service_.GetProgress(As(kAda), req, &resp);
  ASSERT_EQ(resp.series_size(), 4);
  // Two thirds, and 65.6 - 66.0, to the precision they are read at: no
  // float noise in what clients print.
  EXPECT_EQ(resp.trend().workout_adherence(), 0.667);
  EXPECT_EQ(resp.trend().calorie_adherence(), 0.667);
  EXPECT_EQ(resp.trend().days_logged(), 3);
  EXPECT_EQ(resp.trend().total_weight_change_kg(), -0.4);

  // Bob has logged nothing: no figures rather than zeros.
  v1::GetProgressResponse bob;
  service_.GetProgress(As(kBob), req, &bob);
  EXPECT_FALSE(bob.trend().has_workout_adherence());
}

}  // namespace
}  // namespace stylist::testing
