// Request checks for plans and progress: pure functions (but for the
// clock their callers pass or Today()) that throw ApiError naming the field,
// before anything is read or written; those that fill in defaults return
// the values they checked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "google/type/date.pb.h"
#include "plan/nutrition.h"
#include "stylist/v1/plan.pb.h"
#include "stylist/v1/user.pb.h"

namespace stylist::plan {

// Longest plan one request may generate, in days.
inline constexpr int kMaxPlanDays = 31;
// Plans are for adults: the energy equations and safety floors assume one.
inline constexpr int kMinAge = 18;

// What the request and profile say, checked; the option defaults filled in.
struct GenerateInputs {
  google::type::Date start, end;
  long days = 0;
  v1::PlanOptions options;
  BodyFacts body;
  v1::FitnessGoal goal = v1::FITNESS_GOAL_UNSPECIFIED;
  std::vector<v1::DietaryPreference> diets;
  std::vector<std::string> allergies;
  std::optional<double> requested_rate;
};

// GeneratePlan's dates and options (INVALID_ARGUMENT), then the caller's
// fitness profile (FAILED_PRECONDITION naming what is missing), then the
// rate against the target weight.
GenerateInputs CheckGenerate(const v1::GeneratePlanRequest& req, const v1::Profile& profile);

void CheckPlanId(const std::string& id);
// A day asked for: set and a real date.
google::type::Date RequiredDate(const google::type::Date& d);
void CheckListPlans(const v1::ListPlansRequest& req);

// The day a progress log is for (today when unset), after checking it and
// the logged values.
google::type::Date CheckLogProgress(const v1::LogProgressRequest& req, const google::type::Date& today);
void CheckListProgressLogs(const v1::ListProgressLogsRequest& req);

struct DateSpan {
  google::type::Date start, end;
};
// GetProgress's range: ending today and covering 28 days unless given.
DateSpan CheckGetProgress(const v1::GetProgressRequest& req, const google::type::Date& today);

}  // namespace stylist::plan
