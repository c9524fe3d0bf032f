// PlanService's logic: generating and storing plans from the caller's
// fitness profile, reading them back by plan or by day, and progress logs
// with their trend. The numbers come from the deterministic engine
// (nutrition, meal_composer, workout_planner, trend).
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "auth/principal.h"
#include "llm/llm_client.h"
#include "plan/food.h"
#include "plan/plan_store.h"
#include "stylist/v1/plan.pb.h"
#include "user/profile_store.h"

namespace stylist::plan {

// Longest plan one request may generate, in days.
inline constexpr int kMaxPlanDays = 31;
// Plans are for adults: the energy equations and safety floors assume one.
inline constexpr int kMinAge = 18;

class PlanService {
 public:
  // The plans' rows are `store`'s, the caller's profile `profiles`';
  // `summary_llm` (may be null) writes plan summaries (plan_summary.h).
  PlanService(PlanStore& store, user::ProfileStore& profiles, const llm::LlmClient* summary_llm)
      : store_(store), profiles_(profiles), summary_llm_(summary_llm) {}

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

  PlanStore& store_;
  user::ProfileStore& profiles_;
  const llm::LlmClient* summary_llm_;
  std::mutex foods_mu_;
  std::shared_ptr<const std::vector<Food>> foods_;
};

}  // namespace stylist::plan
