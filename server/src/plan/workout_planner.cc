#include "plan/workout_planner.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "plan/exercises.h"

namespace stylist::plan {
namespace {

using google::protobuf::util::TimeUtil;

enum class Focus { kFullA, kFullB, kUpper, kLower, kPush, kPull, kLegs, kSteady, kIntervals, kRecovery };

const char* FocusName(Focus f) {
  switch (f) {
    case Focus::kFullA: return "Full body strength A";
    case Focus::kFullB: return "Full body strength B";
    case Focus::kUpper: return "Upper body strength";
    case Focus::kLower: return "Lower body strength";
    case Focus::kPush: return "Push strength (chest, shoulders, triceps)";
    case Focus::kPull: return "Pull strength (back, biceps)";
    case Focus::kLegs: return "Leg strength";
    case Focus::kSteady: return "Zone 2 cardio";
    case Focus::kIntervals: return "Interval conditioning";
    case Focus::kRecovery: return "Active recovery";
  }
  return "";
}

// Slots in priority order: a short session keeps the first ones that fit.
// Core comes early because it is short and every session should have it.
std::vector<Movement> Slots(Focus f) {
  using M = Movement;
  switch (f) {
    case Focus::kFullA:
      return {M::kSquat, M::kHorizontalPush, M::kHorizontalPull, M::kCore, M::kHinge, M::kVerticalPush, M::kCalves};
    case Focus::kFullB:
      return {M::kHinge, M::kVerticalPull, M::kVerticalPush, M::kCore, M::kLunge, M::kHorizontalPush,
              M::kHorizontalPull, M::kBiceps};
    case Focus::kUpper:
      return {M::kHorizontalPush, M::kHorizontalPull, M::kVerticalPush, M::kVerticalPull, M::kCore, M::kBiceps,
              M::kTriceps};
    case Focus::kLower:
    case Focus::kLegs: return {M::kSquat, M::kHinge, M::kCore, M::kLunge, M::kCalves};
    case Focus::kPush: return {M::kHorizontalPush, M::kVerticalPush, M::kCore, M::kHorizontalPush, M::kTriceps};
    case Focus::kPull: return {M::kVerticalPull, M::kHorizontalPull, M::kCore, M::kHorizontalPull, M::kBiceps};
    case Focus::kIntervals: return {M::kCardio, M::kCore, M::kCore};
    case Focus::kSteady:
    case Focus::kRecovery: return {M::kCardio};
  }
  return {};
}

// Strength sessions for `n` strength days a week.
std::vector<Focus> StrengthSplit(int n) {
  switch (n) {
    case 0: return {};
    case 1: return {Focus::kFullA};
    case 2: return {Focus::kFullA, Focus::kFullB};
    case 3: return {Focus::kFullA, Focus::kFullB, Focus::kFullA};
    case 4: return {Focus::kUpper, Focus::kLower, Focus::kUpper, Focus::kLower};
    case 5: return {Focus::kUpper, Focus::kLower, Focus::kPush, Focus::kPull, Focus::kLegs};
    default: return {Focus::kPush, Focus::kPull, Focus::kLegs, Focus::kPush, Focus::kPull, Focus::kLegs};
  }
}

// Share of training days given to cardio, by goal.
double CardioShare(v1::FitnessGoal goal) {
  switch (goal) {
    case v1::FITNESS_GOAL_GAIN_MUSCLE: return 0;
    case v1::FITNESS_GOAL_LOSE_WEIGHT: return 0.4;
    case v1::FITNESS_GOAL_IMPROVE_ENDURANCE: return 0.6;
    default: return 1.0 / 3;
  }
}

// The sessions of one week, in training-day order: strength and cardio
// spread evenly, so two hard strength days of the same split rarely meet.
std::vector<Focus> WeekSessions(int n, v1::FitnessGoal goal, int level) {
  const bool seven = n == 7;
  const int hard = seven ? 6 : n;  // the seventh day is active recovery
  int cardio = static_cast<int>(std::lround(hard * CardioShare(goal)));
  // Every goal keeps strength work: at least one day, two from four days;
  // with two days or fewer, both are full-body strength (except for
  // endurance), since one full-body session cannot cover every group.
  cardio = std::min(cardio, hard - (hard >= 4 ? 2 : 1));
  if (hard <= 2 && goal != v1::FITNESS_GOAL_IMPROVE_ENDURANCE) cardio = 0;
  cardio = std::max(cardio, 0);
  const auto strength = StrengthSplit(hard - cardio);
  std::vector<Focus> out;
  int s = 0, c = 0;
  for (int i = 0; i < hard; ++i) {
    const bool is_cardio = (i + 1) * cardio / hard > i * cardio / hard;
    if (is_cardio) {
      // Endurance and beginners lean on steady work; others alternate,
      // intervals first.
      const bool steady_first = goal == v1::FITNESS_GOAL_IMPROVE_ENDURANCE || level == 1;
      out.push_back((c++ % 2 == 0) == steady_first ? Focus::kSteady : Focus::kIntervals);
    } else {
      out.push_back(strength[static_cast<std::size_t>(s++)]);
    }
  }
  if (seven) out.push_back(Focus::kRecovery);
  return out;
}

bool Has(const std::vector<v1::Equipment>& have, v1::Equipment e) {
  return std::find(have.begin(), have.end(), e) != have.end();
}

bool Available(const ExerciseSpec& x, const std::vector<v1::Equipment>& have) {
  return std::all_of(x.equipment.begin(), x.equipment.end(), [&](v1::Equipment e) { return Has(have, e); });
}

bool Fills(const ExerciseSpec& x, Movement m) {
  return std::find(x.movements.begin(), x.movements.end(), m) != x.movements.end();
}

// How an exercise is dosed in a given week.
struct DoseFor {
  int sets = 0;
  int reps = 0;
  int seconds = 0;  // per set (timed) or in all (steady)
  int rest = 0;     // seconds after each set
};

struct RepScheme {
  int sets, lo, hi, rest;
};

RepScheme RepsFor(v1::FitnessGoal goal, int level) {
  RepScheme r{3, 10, 15, 60};
  if (goal == v1::FITNESS_GOAL_GAIN_MUSCLE) r = {3, 8, 12, 90};
  if (goal == v1::FITNESS_GOAL_IMPROVE_ENDURANCE) r = {2, 12, 20, 45};
  if (level == 1) r.sets = std::max(2, r.sets - 1);
  if (level == 3) r.sets += 1;
  return r;
}

// Progressive overload: two more reps per set each week up to the top of
// the range, then one more set; timed work gets longer or has more rounds.
DoseFor DoseIn(const ExerciseSpec& x, Focus focus, v1::FitnessGoal goal, int level, int week, int steady_seconds) {
  DoseFor d;
  switch (x.dose) {
    case Dose::kReps: {
      const auto r = RepsFor(goal, level);
      const int reps = r.lo + 2 * week;
      // At most four sets: beyond that, the notes say to add load.
      d.sets = reps > r.hi ? std::min(r.sets + 1, 4) : r.sets;
      d.reps = std::min(reps, r.hi);
      d.rest = r.rest;
      break;
    }
    case Dose::kTimed: {
      if (Fills(x, Movement::kCardio) && !Fills(x, Movement::kCore)) {
        // Intervals: rounds of work and easy recovery.
        d.sets = std::min(6 + week, 10);
        d.seconds = level >= 3 ? 45 : 30;
        d.rest = level >= 3 ? 45 : 60;
      } else {
        d.sets = level == 1 ? 2 : 3;
        d.seconds = std::min((level == 1 ? 20 : level == 2 ? 30 : 40) + 5 * week, 90);
        d.rest = 45;
      }
      break;
    }
    case Dose::kSteady: {
      d.sets = 1;
      // Builds from 70% of the time available by a tenth a week.
      const double share = focus == Focus::kRecovery ? 1.0 : std::min(1.0, 0.7 + 0.1 * week);
      d.seconds = static_cast<int>(std::lround(steady_seconds * share / 60.0)) * 60;
      break;
    }
  }
  return d;
}

constexpr int kSecondsPerRep = 3;
constexpr int kChangeover = 60;  // set-up between exercises

int Seconds(const DoseFor& d) {
  if (d.reps > 0) return d.sets * (d.reps * kSecondsPerRep + d.rest) + kChangeover;
  if (d.sets == 1 && d.rest == 0) return d.seconds;
  return d.sets * (d.seconds + d.rest) + kChangeover / 2;
}

int WarmUpSeconds(int minutes) { return minutes >= 20 ? 300 : 180; }

// The exercises of a session, chosen once and kept for every week of the
// plan so that the load can progress.
struct SessionTemplate {
  Focus focus;
  std::vector<const ExerciseSpec*> exercises;
};

// Candidates for a slot, best first: within the level, using the equipment
// at hand (loadable beats bodyweight), harder first.
std::vector<const ExerciseSpec*> Candidates(Movement m, const WorkoutRequest& r, Focus focus) {
  std::vector<const ExerciseSpec*> out;
  int easiest = 4;
  for (const auto& x : ExerciseLibrary()) {
    if (Fills(x, m) && Available(x, r.equipment)) easiest = std::min(easiest, x.difficulty);
  }
  const int ceiling = std::max(easiest, focus == Focus::kRecovery ? 1 : r.level);
  for (const auto& x : ExerciseLibrary()) {
    if (!Fills(x, m) || !Available(x, r.equipment) || x.difficulty > ceiling) continue;
    // Steady cardio for steady and recovery sessions, intervals otherwise.
    if (m == Movement::kCardio && (focus == Focus::kSteady || focus == Focus::kRecovery) != (x.dose == Dose::kSteady)) {
      continue;
    }
    out.push_back(&x);
  }
  std::stable_sort(out.begin(), out.end(), [](const ExerciseSpec* a, const ExerciseSpec* b) {
    if (a->equipment.empty() != b->equipment.empty()) return !a->equipment.empty();
    return a->difficulty > b->difficulty;
  });
  return out;
}

SessionTemplate BuildTemplate(Focus focus, const WorkoutRequest& r, int variant, int last_week) {
  SessionTemplate t{focus, {}};
  const int budget = r.minutes_per_session * 60 - WarmUpSeconds(r.minutes_per_session);
  int used = 0;
  std::set<const ExerciseSpec*> chosen;
  for (const Movement m : Slots(focus)) {
    auto c = Candidates(m, r, focus);
    c.erase(std::remove_if(c.begin(), c.end(), [&](const ExerciseSpec* x) { return chosen.count(x) > 0; }), c.end());
    if (c.empty()) continue;
    // Rotate among the best few so that users and sessions differ.
    const std::size_t top = std::min<std::size_t>(c.size(), 3);
    const ExerciseSpec* x = c[static_cast<std::size_t>((r.seed + static_cast<std::uint64_t>(variant)) % top)];
    // Fitted with the heaviest week's dose, so every week fits.
    const int need = Seconds(DoseIn(*x, focus, r.goal, r.level, last_week, budget));
    // What does not fit is skipped; a shorter exercise further on may.
    if (used + need > budget && !t.exercises.empty()) continue;
    t.exercises.push_back(x);
    chosen.insert(x);
    used += need;
  }
  return t;
}

void SetSeconds(google::protobuf::Duration* d, int seconds) { *d = TimeUtil::SecondsToDuration(seconds); }

v1::WorkoutSession Render(const SessionTemplate& t, const WorkoutRequest& r, int week) {
  v1::WorkoutSession s;
  s.set_name(FocusName(t.focus));
  const int warm = WarmUpSeconds(r.minutes_per_session);
  const int budget = r.minutes_per_session * 60 - warm;
  auto* warm_up = s.add_exercises();
  warm_up->set_name("Warm-up: easy cardio and joint mobility");
  warm_up->add_muscle_groups(v1::MUSCLE_GROUP_FULL_BODY);
  warm_up->set_sets(1);
  SetSeconds(warm_up->mutable_duration(), warm);
  warm_up->set_notes("Raise the pulse gently; circle the joints the session will use.");
  int total = warm;
  double kcal = 3.5 * r.weight_kg * warm / 3600.0;
  for (const ExerciseSpec* x : t.exercises) {
    const auto d = DoseIn(*x, t.focus, r.goal, r.level, week, budget);
    auto* e = s.add_exercises();
    e->set_name(x->name);
    for (const auto m : x->muscles) e->add_muscle_groups(m);
    for (const auto q : x->equipment) e->add_equipment(q);
    e->set_sets(d.sets);
    e->set_reps(d.reps);
    if (d.reps == 0) SetSeconds(e->mutable_duration(), d.seconds);
    SetSeconds(e->mutable_rest(), d.rest);
    std::string notes = x->notes;
    if (week > 0) notes += " Week " + std::to_string(week + 1) + ": more volume than last week; keep the form.";
    if (x->dose == Dose::kReps && !x->equipment.empty()) {
      notes += " Pick a load that leaves one or two reps in reserve.";
    }
    e->set_notes(notes);
    const int seconds = Seconds(d);
    total += seconds;
    kcal += x->met * r.weight_kg * seconds / 3600.0;
  }
  SetSeconds(s.mutable_estimated_duration(), total);
  s.set_estimated_energy_kcal(std::round(kcal));
  return s;
}

}  // namespace

std::vector<int> TrainingDays(int per_week) {
  switch (std::clamp(per_week, 0, 7)) {
    case 0: return {};
    case 1: return {0};
    case 2: return {0, 3};
    case 3: return {0, 2, 4};
    case 4: return {0, 1, 3, 4};
    case 5: return {0, 1, 2, 4, 5};
    case 6: return {0, 1, 2, 4, 5, 6};
    default: return {0, 1, 2, 3, 4, 5, 6};
  }
}

int TrainingLevel(v1::ActivityLevel activity) {
  switch (activity) {
    case v1::ACTIVITY_LEVEL_MODERATE: return 2;
    case v1::ACTIVITY_LEVEL_ACTIVE:
    case v1::ACTIVITY_LEVEL_VERY_ACTIVE: return 3;
    default: return 1;
  }
}

std::vector<v1::WorkoutPlanDay> PlanWorkouts(const WorkoutRequest& r) {
  const auto days = TrainingDays(r.training_days_per_week);
  const auto week = WeekSessions(static_cast<int>(days.size()), r.goal, r.level);
  const int last_week = r.first_week + (r.dates.empty() ? 0 : static_cast<int>(r.dates.size() - 1) / 7);
  std::vector<SessionTemplate> templates;
  for (std::size_t i = 0; i < week.size(); ++i) templates.push_back(BuildTemplate(week[i], r, static_cast<int>(i), last_week));

  std::vector<v1::WorkoutPlanDay> out;
  for (std::size_t i = 0; i < r.dates.size(); ++i) {
    v1::WorkoutPlanDay day;
    *day.mutable_date() = r.dates[i];
    const int offset = static_cast<int>(i % 7);
    const auto it = std::find(days.begin(), days.end(), offset);
    if (it == days.end()) {
      day.set_rest_day(true);
    } else {
      const auto& t = templates[static_cast<std::size_t>(it - days.begin())];
      *day.add_sessions() = Render(t, r, r.first_week + static_cast<int>(i / 7));
    }
    out.push_back(std::move(day));
  }
  return out;
}

}  // namespace stylist::plan
