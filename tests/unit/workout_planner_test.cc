// The workout planner over every goal, week length, equipment set and
// level: rest days where they belong, sessions that fit their time, the
// equipment the user has and nothing else, every major muscle group
// trained each week, and load that never drops from one week to the next.
#include "plan/workout_planner.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

namespace stylist::plan {
namespace {

using google::protobuf::util::TimeUtil;

std::vector<google::type::Date> Days(int n) {
  std::vector<google::type::Date> out;
  for (int d = 0; d < n; ++d) {
    google::type::Date date;
    date.set_year(2027);
    date.set_month(1 + d / 28);
    date.set_day(1 + d % 28);
    out.push_back(date);
  }
  return out;
}

const std::vector<v1::FitnessGoal> kGoals = {
    v1::FITNESS_GOAL_UNSPECIFIED, v1::FITNESS_GOAL_LOSE_WEIGHT, v1::FITNESS_GOAL_MAINTAIN,
    v1::FITNESS_GOAL_GAIN_MUSCLE, v1::FITNESS_GOAL_IMPROVE_ENDURANCE, v1::FITNESS_GOAL_GENERAL_HEALTH};

const std::vector<std::vector<v1::Equipment>> kKits = {
    {},
    {v1::EQUIPMENT_DUMBBELLS},
    {v1::EQUIPMENT_RESISTANCE_BANDS, v1::EQUIPMENT_YOGA_MAT},
    {v1::EQUIPMENT_BARBELL, v1::EQUIPMENT_BENCH, v1::EQUIPMENT_PULL_UP_BAR, v1::EQUIPMENT_CARDIO_MACHINE},
    {v1::EQUIPMENT_KETTLEBELL, v1::EQUIPMENT_JUMP_ROPE, v1::EQUIPMENT_CABLE_MACHINE, v1::EQUIPMENT_DUMBBELLS}};

TEST(WorkoutPlannerTest, TrainingDaysAreSpreadWithRestBetweenBlocks) {
  for (int n = 0; n <= 7; ++n) {
    const auto days = TrainingDays(n);
    ASSERT_EQ(static_cast<int>(days.size()), n);
    int run = 0, longest = 0;
    for (int d = 0; d < 7; ++d) {
      run = std::find(days.begin(), days.end(), d) != days.end() ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    if (n <= 4) {
      EXPECT_LE(longest, 2) << n << " days a week";
    }
    if (n <= 6) {
      EXPECT_LE(longest, 3) << n << " days a week";
    }
  }
  EXPECT_EQ(TrainingDays(3), (std::vector<int>{0, 2, 4}));
}

TEST(WorkoutPlannerTest, EveryCombinationGivesSessionsThatFitUseOnlyWhatIsThereAndBalanceTheWeek) {
  int plans = 0;
  for (const auto goal : kGoals) {
    for (int per_week = 1; per_week <= 7; ++per_week) {
      for (const auto& kit : kKits) {
        for (int level = 1; level <= 3; ++level) {
          for (const int minutes : {20, 45, 90}) {
            WorkoutRequest r;
            r.dates = Days(14);
            r.goal = goal;
            r.training_days_per_week = per_week;
            r.minutes_per_session = minutes;
            r.equipment = kit;
            r.level = level;
            r.weight_kg = 80;
            r.seed = static_cast<std::uint64_t>(plans);
            const auto out = PlanWorkouts(r);
            ++plans;
            ASSERT_EQ(out.size(), 14u);
            std::map<int, int> groups;  // in the first week
            for (std::size_t i = 0; i < out.size(); ++i) {
              const auto& day = out[i];
              EXPECT_EQ(day.date().day(), r.dates[i].day());
              const bool trains = !day.rest_day();
              EXPECT_EQ(trains, day.sessions_size() == 1);
              const auto days = TrainingDays(per_week);
              EXPECT_EQ(trains, std::find(days.begin(), days.end(), static_cast<int>(i % 7)) != days.end());
              for (const auto& s : day.sessions()) {
                EXPECT_FALSE(s.name().empty());
                EXPECT_GE(s.exercises_size(), 2) << s.name() << ": a warm-up and at least one exercise";
                EXPECT_LE(TimeUtil::DurationToSeconds(s.estimated_duration()), minutes * 60) << s.name();
                EXPECT_GT(s.estimated_energy_kcal(), 0);
                for (const auto& e : s.exercises()) {
                  EXPECT_GT(e.sets(), 0) << e.name();
                  EXPECT_TRUE(e.reps() > 0 || TimeUtil::DurationToSeconds(e.duration()) > 0) << e.name();
                  for (const int q : e.equipment()) {
                    EXPECT_NE(std::find(kit.begin(), kit.end(), q), kit.end()) << e.name() << " needs equipment";
                  }
                  if (i < 7) {
                    for (const int g : e.muscle_groups()) ++groups[g];
                  }
                }
              }
            }
            if (minutes >= 45 && goal != v1::FITNESS_GOAL_IMPROVE_ENDURANCE && per_week >= 2) {
              for (const auto g : {v1::MUSCLE_GROUP_CHEST, v1::MUSCLE_GROUP_BACK, v1::MUSCLE_GROUP_SHOULDERS,
                                   v1::MUSCLE_GROUP_QUADRICEPS, v1::MUSCLE_GROUP_GLUTES, v1::MUSCLE_GROUP_CORE}) {
                EXPECT_GT(groups[g], 0) << v1::MuscleGroup_Name(g) << " untrained, goal " << goal << ", "
                                        << per_week << " days, level " << level;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(plans, 1000);
}

// Work done by an exercise: sets x reps, or sets x seconds.
double Volume(const v1::Exercise& e) {
  return e.sets() * (e.reps() > 0 ? e.reps() : TimeUtil::DurationToSeconds(e.duration()));
}

TEST(WorkoutPlannerTest, LoadProgressesFromWeekToWeekAndNeverDrops) {
  for (const auto goal : kGoals) {
    for (int level = 1; level <= 3; ++level) {
      WorkoutRequest r;
      r.dates = Days(28);
      r.goal = goal;
      r.training_days_per_week = 4;
      r.minutes_per_session = 60;
      r.equipment = {v1::EQUIPMENT_DUMBBELLS, v1::EQUIPMENT_BENCH};
      r.level = level;
      const auto out = PlanWorkouts(r);
      for (std::size_t i = 7; i < out.size(); ++i) {
        if (out[i].rest_day()) continue;
        const auto& now = out[i].sessions(0);
        const auto& before = out[i - 7].sessions(0);
        ASSERT_EQ(now.name(), before.name()) << "the same weekday has the same session";
        ASSERT_EQ(now.exercises_size(), before.exercises_size());
        double gained = 0;
        for (int k = 1; k < now.exercises_size(); ++k) {  // after the warm-up
          ASSERT_EQ(now.exercises(k).name(), before.exercises(k).name());
          EXPECT_GE(Volume(now.exercises(k)), Volume(before.exercises(k))) << now.exercises(k).name();
          gained += Volume(now.exercises(k)) - Volume(before.exercises(k));
        }
        if (i < 21) {
          EXPECT_GT(gained, 0) << "week " << i / 7 + 1 << " adds load, " << now.name();
        }
      }
    }
  }
}

TEST(WorkoutPlannerTest, AContinuingPlanPicksUpTheLoadWhereTheCycleStands) {
  WorkoutRequest whole;
  whole.dates = Days(21);
  whole.training_days_per_week = 3;
  whole.equipment = {v1::EQUIPMENT_DUMBBELLS};
  whole.level = 2;
  whole.seed = 7;
  WorkoutRequest third_week = whole;
  third_week.dates = Days(7);
  third_week.first_week = 2;
  const auto a = PlanWorkouts(whole);
  const auto b = PlanWorkouts(third_week);
  for (int d = 0; d < 7; ++d) {
    ASSERT_EQ(a[static_cast<std::size_t>(14 + d)].sessions_size(), b[static_cast<std::size_t>(d)].sessions_size());
    for (int k = 0; k < b[static_cast<std::size_t>(d)].sessions_size(); ++k) {
      EXPECT_EQ(a[static_cast<std::size_t>(14 + d)].sessions(k).SerializeAsString(),
                b[static_cast<std::size_t>(d)].sessions(k).SerializeAsString())
          << "day " << d;
    }
  }
}

TEST(WorkoutPlannerTest, GoalsShapeTheWeek) {
  auto count = [](v1::FitnessGoal goal, const std::string& word) {
    WorkoutRequest r;
    r.dates = Days(7);
    r.goal = goal;
    r.training_days_per_week = 5;
    r.level = 2;
    int n = 0;
    for (const auto& d : PlanWorkouts(r)) {
      for (const auto& s : d.sessions()) n += s.name().find(word) != std::string::npos;
    }
    return n;
  };
  EXPECT_EQ(count(v1::FITNESS_GOAL_GAIN_MUSCLE, "strength"), 5);
  EXPECT_GE(count(v1::FITNESS_GOAL_IMPROVE_ENDURANCE, "cardio") +
                count(v1::FITNESS_GOAL_IMPROVE_ENDURANCE, "Interval"),
            3);
  EXPECT_GE(count(v1::FITNESS_GOAL_LOSE_WEIGHT, "strength"), 2);
  EXPECT_GE(count(v1::FITNESS_GOAL_LOSE_WEIGHT, "cardio") + count(v1::FITNESS_GOAL_LOSE_WEIGHT, "Interval"), 2);
}

TEST(WorkoutPlannerTest, BeginnersGetBeginnerExercisesWhereTheLibraryHasThem) {
  WorkoutRequest r;
  r.dates = Days(7);
  r.training_days_per_week = 3;
  r.level = 1;
  r.equipment = {v1::EQUIPMENT_DUMBBELLS, v1::EQUIPMENT_PULL_UP_BAR};
  for (const auto& d : PlanWorkouts(r)) {
    for (const auto& s : d.sessions()) {
      for (const auto& e : s.exercises()) {
        EXPECT_NE(e.name(), "Pull-up") << "a full pull-up is advanced";
        EXPECT_NE(e.name(), "Jump squat");
      }
    }
  }
}

}  // namespace
}  // namespace stylist::plan
