// PlanService's logic: generating and storing plans from the caller's
// fitness profile, reading them back by plan or by day, and progress logs
// with their trend. The numbers come from the deterministic engine
// (nutrition, meal_composer, workout_planner, trend).
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "auth/principal.h"
#include "plan/deps.h"
#include "plan/food.h"
#include "plan/validation.h"
#include "plan/plan_store.h"
#include "stylist/v1/plan.pb.h"

namespace stylist::plan {

class PlanService {
 public:
  // The plans' rows are `deps.store`'s, the caller's profile
  // `deps.profiles`'; `deps.summary_llm` (may be null) writes plan summaries.
  explicit PlanService(Deps deps) : d_(deps) {}

  void GeneratePlan(const CallContext& call, const v1::GeneratePlanRequest& req, v1::GeneratePlanResponse* resp);
  void GetPlan(const CallContext& call, const v1::GetPlanRequest& req, v1::GetPlanResponse* resp);
  void ListPlans(const CallContext& call, const v1::ListPlansRequest& req, v1::ListPlansResponse* resp);
  void DeletePlan(const CallContext& call, const v1::DeletePlanRequest& req, v1::DeletePlanResponse* resp);
  void GetMealPlan(const CallContext& call, const v1::GetMealPlanRequest& req, v1::GetMealPlanResponse* resp);
  void GetWorkoutPlan(const CallContext& call, const v1::GetWorkoutPlanRequest& req,
                      v1::GetWorkoutPlanResponse* resp);
  void LogProgress(const CallContext& call, const v1::LogProgressRequest& req, v1::LogProgressResponse* resp);
  void ListProgressLogs(const CallContext& call, const v1::ListProgressLogsRequest& req,
                        v1::ListProgressLogsResponse* resp);
  void GetProgress(const CallContext& call, const v1::GetProgressRequest& req, v1::GetProgressResponse* resp);

 private:
  // The caller's planned day at `date`; NOT_FOUND when no plan covers it.
  PlanStore::PlannedDay ReadDay(const CallContext& call, const google::type::Date& date);
  // The food table (migration data), read once.
  std::shared_ptr<const std::vector<Food>> Foods();

  Deps d_;
  std::mutex foods_mu_;
  std::shared_ptr<const std::vector<Food>> foods_;
};

}  // namespace stylist::plan
