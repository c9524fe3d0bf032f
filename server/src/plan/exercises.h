// The exercise library the workout planner builds sessions from: what each
// exercise trains, what it needs, how hard it is and how it is dosed.
#pragma once

#include <string>
#include <vector>

#include "stylist/v1/plan.pb.h"

namespace stylist::plan {

// What a session slot asks for; an exercise fills the slots it lists.
enum class Movement {
  kSquat,          // knee-dominant legs
  kHinge,          // hip-dominant legs: hamstrings, glutes
  kLunge,          // single leg
  kHorizontalPush, // chest
  kVerticalPush,   // shoulders
  kHorizontalPull, // back: rows
  kVerticalPull,   // back: pull-ups, pulldowns
  kBiceps,
  kTriceps,
  kCalves,
  kCore,
  kCardio,
};

enum class Dose {
  kReps,      // sets x reps
  kTimed,     // sets x seconds (holds, intervals)
  kSteady,    // one continuous bout of minutes
};

struct ExerciseSpec {
  const char* name;
  std::vector<Movement> movements;
  std::vector<v1::MuscleGroup> muscles;
  // Everything it needs; empty for bodyweight.
  std::vector<v1::Equipment> equipment;
  // 1 beginner, 2 intermediate, 3 advanced.
  int difficulty;
  Dose dose;
  // Metabolic equivalent while working, for the energy estimate.
  double met;
  const char* notes;
};

const std::vector<ExerciseSpec>& ExerciseLibrary();

}  // namespace stylist::plan
