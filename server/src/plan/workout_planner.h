// Builds the workout half of a plan: which days train and which rest,
// which session each training day gets (strength splits and cardio by
// goal, muscle groups balanced over the week), the exercises of each
// session from the library (by equipment and level), their dose (sets,
// reps, seconds, rest) fitted to the session length, and progressive
// overload from one week of the plan to the next. Pure and deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "google/type/date.pb.h"
#include "stylist/v1/common.pb.h"
#include "stylist/v1/plan.pb.h"

namespace stylist::plan {

struct WorkoutRequest {
  // Consecutive days; the first is day 0 of the plan's weeks.
  std::vector<google::type::Date> dates;
  v1::FitnessGoal goal = v1::FITNESS_GOAL_UNSPECIFIED;
  int training_days_per_week = 3;  // 1..7
  int minutes_per_session = 45;    // 10..180
  // Besides bodyweight, which is always available.
  std::vector<v1::Equipment> equipment;
  // 1 beginner, 2 intermediate, 3 advanced.
  int level = 1;
  // For the energy estimate.
  double weight_kg = 70;
  // Chooses among equally good exercises; keep it the same across the
  // plans of one training cycle so that the same lifts progress.
  std::uint64_t seed = 0;
  // Weeks of the current cycle already trained in earlier plans: the load
  // carries on from there instead of starting over.
  int first_week = 0;
};

// The days of each 7-day block that train, as offsets 0..6: spread out so
// that no more than three training days run back to back (two for up to
// four days a week; seven days a week make the seventh active recovery).
std::vector<int> TrainingDays(int per_week);

// Training level from the activity level: sedentary and light 1, moderate
// 2, active and very active 3.
int TrainingLevel(v1::ActivityLevel activity);

std::vector<v1::WorkoutPlanDay> PlanWorkouts(const WorkoutRequest& request);

}  // namespace stylist::plan
