#pragma once
// The rows of plans, their days and progress logs: the only code of the plan
// service that speaks SQL (PgPlanStore), behind an interface so the
// service's rules (overlapping plans, ownership, what may be logged, the
// adherence figures) are unit-tested with an in-memory fake
// (tests/unit/fake_plan_store.h). Dates cross it as ISO text (YYYY-MM-DD),
// as the database stores them.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/pool.h"
#include "plan/food.h"
#include "plan/trend.h"
#include "stylist/v1/plan.pb.h"

namespace stylist::plan {

// Thrown by PlanStore::InsertPlan when another plan holds one of the days.
class DaysTaken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PlanStore {
 public:
  virtual ~PlanStore() = default;

  // The food table (shipped by a migration).
  virtual std::vector<Food> Foods() = 0;

  // What earlier plans and logs say before a new plan starts: the weeks of
  // training planned before `start`, the weigh-ins between the window's
  // ends, and the weekly rate earlier plans in that window aimed at.
  struct History {
    int trained_weeks = 0;
    std::vector<WeighIn> weigh_ins;
    std::optional<double> earlier_rate;
  };
  virtual History HistoryBefore(const std::string& user_id, const std::string& start, const std::string& window_start,
                                const std::string& window_end) = 0;

  // The first day in [start, end] another plan of the user covers, if any.
  virtual std::optional<std::string> FirstPlannedDay(const std::string& user_id, const std::string& start,
                                                     const std::string& end) = 0;

  // A generated plan, its days as the JSON array plan/insert_days takes
  // ([{"day", "meals", "workout", "kcal", "workouts"}...]).
  struct NewPlan {
    std::string start, end;
    v1::PlanOptions options;
    v1::NutritionTargets targets;
    std::vector<std::string> notes;
    std::string summary;
    bool summary_by_model = false;
    std::string days_json;
  };
  struct StoredPlan {
    std::string plan_id;
    std::int64_t create_micros = 0;
  };
  // Stores the plan in one transaction; with `replace`, first removes the
  // user's days in its range (and plans left without days). Throws DaysTaken
  // when another plan holds one of its days.
  virtual StoredPlan InsertPlan(const std::string& user_id, const NewPlan& plan, bool replace) = 0;

  // The user's plan with its days; nullopt for an unknown plan or another
  // user's (they look the same).
  virtual std::optional<v1::Plan> GetPlan(const std::string& user_id, const std::string& plan_id) = 0;
  // The user's plans, newest start first, after the (start, id) position;
  // at most `limit`, each with its days when `with_days`.
  virtual std::vector<v1::Plan> ListPlans(const std::string& user_id, const std::optional<std::string>& after_start,
                                          const std::optional<std::string>& after_id, int limit, bool with_days) = 0;
  // False for an unknown plan or another user's.
  virtual bool DeletePlan(const std::string& user_id, const std::string& plan_id) = 0;

  // The user's planned day at `date` (as stored JSON), if a plan covers it.
  struct PlannedDay {
    std::string plan_id, meals_json, workout_json, targets_json;
  };
  virtual std::optional<PlannedDay> Day(const std::string& user_id, const std::string& date) = 0;

  // Creates or replaces the user's log of `date`.
  struct Progress {
    std::string date;
    std::optional<double> weight_kg, calories_consumed_kcal;
    std::optional<int> workouts_completed;
    std::string notes;
  };
  virtual v1::ProgressLog LogProgress(const std::string& user_id, const Progress& progress) = 0;
  // Logs in [start, end] (either open), newest first, before `before`.
  virtual std::vector<v1::ProgressLog> ListProgress(const std::string& user_id, const std::optional<std::string>& start,
                                                    const std::optional<std::string>& end,
                                                    const std::optional<std::string>& before, int limit) = 0;

  // Every day in [start, end] with a log or a planned day, in date order.
  struct SeriesDay {
    std::string date;
    std::optional<double> weight_kg, calories_consumed_kcal;
    std::optional<int> workouts_completed, workouts_planned;
    std::optional<double> calorie_target_kcal;
  };
  virtual std::vector<SeriesDay> Series(const std::string& user_id, const std::string& start,
                                        const std::string& end) = 0;
};

class PgPlanStore final : public PlanStore {
 public:
  explicit PgPlanStore(db::Pool& pool) : pool_(pool) {}

  std::vector<Food> Foods() override;
  History HistoryBefore(const std::string& user_id, const std::string& start, const std::string& window_start,
                        const std::string& window_end) override;
  std::optional<std::string> FirstPlannedDay(const std::string& user_id, const std::string& start,
                                             const std::string& end) override;
  StoredPlan InsertPlan(const std::string& user_id, const NewPlan& plan, bool replace) override;
  std::optional<v1::Plan> GetPlan(const std::string& user_id, const std::string& plan_id) override;
  std::vector<v1::Plan> ListPlans(const std::string& user_id, const std::optional<std::string>& after_start,
                                  const std::optional<std::string>& after_id, int limit, bool with_days) override;
  bool DeletePlan(const std::string& user_id, const std::string& plan_id) override;
  std::optional<PlannedDay> Day(const std::string& user_id, const std::string& date) override;
  v1::ProgressLog LogProgress(const std::string& user_id, const Progress& progress) override;
  std::vector<v1::ProgressLog> ListProgress(const std::string& user_id, const std::optional<std::string>& start,
                                            const std::optional<std::string>& end,
                                            const std::optional<std::string>& before, int limit) override;
  std::vector<SeriesDay> Series(const std::string& user_id, const std::string& start, const std::string& end) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::plan
