#include "plan/exercises.h"

namespace stylist::plan {
namespace {

using M = Movement;
using E = v1::Equipment;

constexpr auto kChest = v1::MUSCLE_GROUP_CHEST;
constexpr auto kBack = v1::MUSCLE_GROUP_BACK;
constexpr auto kShoulders = v1::MUSCLE_GROUP_SHOULDERS;
constexpr auto kBiceps = v1::MUSCLE_GROUP_BICEPS;
constexpr auto kTriceps = v1::MUSCLE_GROUP_TRICEPS;
constexpr auto kCore = v1::MUSCLE_GROUP_CORE;
constexpr auto kGlutes = v1::MUSCLE_GROUP_GLUTES;
constexpr auto kQuads = v1::MUSCLE_GROUP_QUADRICEPS;
constexpr auto kHamstrings = v1::MUSCLE_GROUP_HAMSTRINGS;
constexpr auto kCalves = v1::MUSCLE_GROUP_CALVES;
constexpr auto kFull = v1::MUSCLE_GROUP_FULL_BODY;
constexpr auto kCardio = v1::MUSCLE_GROUP_CARDIO;

}  // namespace

const std::vector<ExerciseSpec>& ExerciseLibrary() {
  // METs from the Compendium of Physical Activities (2011): resistance
  // training 3.5 (light) to 6.0 (vigorous), calisthenics 3.8-8.0, running
  // 8-10, cycling and rowing 7, rope jumping 11.
  static const std::vector<ExerciseSpec> kLibrary = {
      // Legs: squat pattern.
      {"Bodyweight squat", {M::kSquat}, {kQuads, kGlutes}, {}, 1, Dose::kReps, 3.8,
       "Sit back to a comfortable depth, knees tracking over toes."},
      {"Goblet squat", {M::kSquat}, {kQuads, kGlutes, kCore}, {E::EQUIPMENT_DUMBBELLS}, 1, Dose::kReps, 5.0,
       "Hold one dumbbell at the chest; keep the torso upright."},
      {"Kettlebell goblet squat", {M::kSquat}, {kQuads, kGlutes, kCore}, {E::EQUIPMENT_KETTLEBELL}, 1, Dose::kReps,
       5.0, "Hold the bell by the horns at the chest."},
      {"Barbell back squat", {M::kSquat}, {kQuads, kGlutes, kCore}, {E::EQUIPMENT_BARBELL}, 2, Dose::kReps, 6.0,
       "Brace before each rep; stop a rep or two short of failure."},
      {"Jump squat", {M::kSquat}, {kQuads, kGlutes, kCalves}, {}, 2, Dose::kReps, 8.0,
       "Land softly; easier: bodyweight squat."},
      {"Banded squat", {M::kSquat}, {kQuads, kGlutes}, {E::EQUIPMENT_RESISTANCE_BANDS}, 1, Dose::kReps, 4.5,
       "Stand on the band, handles at the shoulders."},
      // Legs: hinge pattern.
      {"Glute bridge", {M::kHinge}, {kGlutes, kHamstrings}, {}, 1, Dose::kReps, 3.5,
       "Squeeze the glutes at the top for a second."},
      {"Single-leg glute bridge", {M::kHinge}, {kGlutes, kHamstrings}, {}, 2, Dose::kReps, 4.0,
       "Keep the hips level; easier: two-leg bridge."},
      {"Dumbbell Romanian deadlift", {M::kHinge}, {kHamstrings, kGlutes, kBack}, {E::EQUIPMENT_DUMBBELLS}, 1,
       Dose::kReps, 5.0, "Push the hips back with a flat back; feel the hamstrings stretch."},
      {"Kettlebell swing", {M::kHinge, M::kCardio}, {kGlutes, kHamstrings, kFull}, {E::EQUIPMENT_KETTLEBELL}, 2,
       Dose::kReps, 8.0, "Drive with the hips, not the arms."},
      {"Barbell deadlift", {M::kHinge}, {kHamstrings, kGlutes, kBack}, {E::EQUIPMENT_BARBELL}, 2, Dose::kReps, 6.0,
       "Bar over mid-foot, back flat, push the floor away."},
      {"Banded good morning", {M::kHinge}, {kHamstrings, kGlutes}, {E::EQUIPMENT_RESISTANCE_BANDS}, 1, Dose::kReps,
       4.0, "Band under the feet and behind the neck; hinge at the hips."},
      // Legs: single leg.
      {"Reverse lunge", {M::kLunge}, {kQuads, kGlutes}, {}, 1, Dose::kReps, 4.0,
       "Reps per leg; step back and lower the knee gently."},
      {"Dumbbell walking lunge", {M::kLunge}, {kQuads, kGlutes, kHamstrings}, {E::EQUIPMENT_DUMBBELLS}, 2,
       Dose::kReps, 5.5, "Reps per leg; long steps, upright torso."},
      {"Bulgarian split squat", {M::kLunge, M::kSquat}, {kQuads, kGlutes}, {E::EQUIPMENT_BENCH}, 2, Dose::kReps, 5.0,
       "Reps per leg; rear foot on the bench."},
      {"Step-up", {M::kLunge}, {kQuads, kGlutes}, {E::EQUIPMENT_BENCH}, 1, Dose::kReps, 5.0,
       "Reps per leg; drive through the front heel."},
      // Chest.
      {"Push-up", {M::kHorizontalPush}, {kChest, kTriceps, kShoulders}, {}, 1, Dose::kReps, 3.8,
       "Easier: hands on a bench or wall; harder: feet raised."},
      {"Dumbbell bench press", {M::kHorizontalPush}, {kChest, kTriceps, kShoulders},
       {E::EQUIPMENT_DUMBBELLS, E::EQUIPMENT_BENCH}, 1, Dose::kReps, 5.0, "Lower under control to chest level."},
      {"Dumbbell floor press", {M::kHorizontalPush}, {kChest, kTriceps}, {E::EQUIPMENT_DUMBBELLS}, 1, Dose::kReps,
       4.5, "Elbows touch the floor softly each rep."},
      {"Barbell bench press", {M::kHorizontalPush}, {kChest, kTriceps, kShoulders},
       {E::EQUIPMENT_BARBELL, E::EQUIPMENT_BENCH}, 2, Dose::kReps, 6.0, "Shoulder blades pinned; use a spotter."},
      {"Cable chest fly", {M::kHorizontalPush}, {kChest}, {E::EQUIPMENT_CABLE_MACHINE}, 1, Dose::kReps, 4.5,
       "Slight bend in the elbows throughout."},
      {"Banded chest press", {M::kHorizontalPush}, {kChest, kTriceps}, {E::EQUIPMENT_RESISTANCE_BANDS}, 1,
       Dose::kReps, 4.0, "Band anchored behind you at chest height."},
      // Shoulders.
      {"Pike push-up", {M::kVerticalPush}, {kShoulders, kTriceps}, {}, 2, Dose::kReps, 4.0,
       "Hips high, lower the head between the hands."},
      {"Dumbbell shoulder press", {M::kVerticalPush}, {kShoulders, kTriceps}, {E::EQUIPMENT_DUMBBELLS}, 1,
       Dose::kReps, 5.0, "Ribs down; press straight up."},
      {"Kettlebell overhead press", {M::kVerticalPush}, {kShoulders, kTriceps, kCore}, {E::EQUIPMENT_KETTLEBELL}, 2,
       Dose::kReps, 5.0, "Reps per arm; squeeze the glutes."},
      {"Barbell overhead press", {M::kVerticalPush}, {kShoulders, kTriceps, kCore}, {E::EQUIPMENT_BARBELL}, 2,
       Dose::kReps, 6.0, "Head through once the bar passes the forehead."},
      {"Banded shoulder press", {M::kVerticalPush}, {kShoulders, kTriceps}, {E::EQUIPMENT_RESISTANCE_BANDS}, 1,
       Dose::kReps, 4.0, "Stand on the band; press overhead."},
      // Back: rows.
      {"Superman hold", {M::kHorizontalPull}, {kBack, kGlutes}, {}, 1, Dose::kTimed, 3.5,
       "Lift arms and legs a few centimetres; breathe."},
      {"Table inverted row", {M::kHorizontalPull}, {kBack, kBiceps}, {}, 2, Dose::kReps, 4.0,
       "Under a sturdy table, body straight; easier: bend the knees."},
      {"One-arm dumbbell row", {M::kHorizontalPull}, {kBack, kBiceps}, {E::EQUIPMENT_DUMBBELLS}, 1, Dose::kReps, 5.0,
       "Reps per arm; pull the elbow to the hip."},
      {"Barbell bent-over row", {M::kHorizontalPull}, {kBack, kBiceps}, {E::EQUIPMENT_BARBELL}, 2, Dose::kReps, 6.0,
       "Flat back, bar to the lower ribs."},
      {"Seated cable row", {M::kHorizontalPull}, {kBack, kBiceps}, {E::EQUIPMENT_CABLE_MACHINE}, 1, Dose::kReps, 5.0,
       "Chest up, squeeze the shoulder blades."},
      {"Banded row", {M::kHorizontalPull}, {kBack, kBiceps}, {E::EQUIPMENT_RESISTANCE_BANDS}, 1, Dose::kReps, 4.0,
       "Band anchored at chest height."},
      {"Kettlebell row", {M::kHorizontalPull}, {kBack, kBiceps}, {E::EQUIPMENT_KETTLEBELL}, 1, Dose::kReps, 5.0,
       "Reps per arm; brace on a knee or bench."},
      // Back: vertical pulls.
      {"Pull-up", {M::kVerticalPull}, {kBack, kBiceps}, {E::EQUIPMENT_PULL_UP_BAR}, 3, Dose::kReps, 5.0,
       "Full hang to chin over the bar; easier: negatives or band-assisted."},
      {"Negative pull-up", {M::kVerticalPull}, {kBack, kBiceps}, {E::EQUIPMENT_PULL_UP_BAR}, 2, Dose::kReps, 4.5,
       "Jump to the top, lower over 3-5 seconds."},
      {"Lat pulldown", {M::kVerticalPull}, {kBack, kBiceps}, {E::EQUIPMENT_CABLE_MACHINE}, 1, Dose::kReps, 5.0,
       "Pull the bar to the upper chest."},
      {"Banded pulldown", {M::kVerticalPull}, {kBack, kBiceps}, {E::EQUIPMENT_RESISTANCE_BANDS}, 1, Dose::kReps, 4.0,
       "Band anchored overhead; elbows down to the ribs."},
      {"Prone Y-T raise", {M::kVerticalPull}, {kBack, kShoulders}, {}, 1, Dose::kReps, 3.5,
       "Lying face down, thumbs up; slow and controlled."},
      // Arms.
      {"Dumbbell biceps curl", {M::kBiceps}, {kBiceps}, {E::EQUIPMENT_DUMBBELLS}, 1, Dose::kReps, 4.0,
       "Elbows still at the sides."},
      {"Banded biceps curl", {M::kBiceps}, {kBiceps}, {E::EQUIPMENT_RESISTANCE_BANDS}, 1, Dose::kReps, 3.5,
       "Stand on the band; slow on the way down."},
      {"Chin-up", {M::kBiceps, M::kVerticalPull}, {kBiceps, kBack}, {E::EQUIPMENT_PULL_UP_BAR}, 3, Dose::kReps, 5.0,
       "Palms facing you; easier: negatives."},
      {"Bench dip", {M::kTriceps}, {kTriceps, kChest}, {E::EQUIPMENT_BENCH}, 1, Dose::kReps, 4.0,
       "Shoulders away from the ears; bend the knees to make it easier."},
      {"Diamond push-up", {M::kTriceps, M::kHorizontalPush}, {kTriceps, kChest}, {}, 2, Dose::kReps, 4.0,
       "Hands close together under the chest; easier: from the knees."},
      {"Dumbbell overhead triceps extension", {M::kTriceps}, {kTriceps}, {E::EQUIPMENT_DUMBBELLS}, 1, Dose::kReps,
       4.0, "Elbows point forward, not out."},
      {"Cable triceps pushdown", {M::kTriceps}, {kTriceps}, {E::EQUIPMENT_CABLE_MACHINE}, 1, Dose::kReps, 4.0,
       "Elbows pinned to the sides."},
      // Calves.
      {"Calf raise", {M::kCalves}, {kCalves}, {}, 1, Dose::kReps, 3.5, "Pause at the top; slow down."},
      {"Dumbbell calf raise", {M::kCalves}, {kCalves}, {E::EQUIPMENT_DUMBBELLS}, 1, Dose::kReps, 4.0,
       "Balls of the feet on a step for full range."},
      // Core.
      {"Plank", {M::kCore}, {kCore}, {}, 1, Dose::kTimed, 3.8, "Straight line from head to heels; easier: knees."},
      {"Side plank", {M::kCore}, {kCore}, {}, 1, Dose::kTimed, 3.8, "Time per side; easier: bottom knee down."},
      {"Dead bug", {M::kCore}, {kCore}, {}, 1, Dose::kReps, 3.5, "Lower back pressed to the floor."},
      {"Mountain climber", {M::kCore, M::kCardio}, {kCore, kCardio}, {}, 2, Dose::kTimed, 8.0,
       "Hips level; quick feet."},
      {"Hanging knee raise", {M::kCore}, {kCore}, {E::EQUIPMENT_PULL_UP_BAR}, 2, Dose::kReps, 4.0,
       "No swinging; curl the pelvis up."},
      {"Kettlebell farmer carry", {M::kCore}, {kCore, kFull}, {E::EQUIPMENT_KETTLEBELL}, 1, Dose::kTimed, 6.0,
       "Walk tall with the bells at your sides."},
      {"Yoga mat hollow hold", {M::kCore}, {kCore}, {E::EQUIPMENT_YOGA_MAT}, 2, Dose::kTimed, 3.8,
       "Lower back down; easier: knees bent."},
      // Conditioning.
      {"Burpee", {M::kCardio}, {kFull, kCardio}, {}, 2, Dose::kTimed, 8.0, "Step back instead of jumping to ease off."},
      {"Jumping jacks", {M::kCardio}, {kCardio}, {}, 1, Dose::kTimed, 7.7, "Easier: step jacks."},
      {"Jump rope intervals", {M::kCardio}, {kCardio, kCalves}, {E::EQUIPMENT_JUMP_ROPE}, 1, Dose::kTimed, 11.0,
       "Light on the balls of the feet."},
      {"Brisk walk or easy run", {M::kCardio}, {kCardio}, {}, 1, Dose::kSteady, 6.0,
       "Conversational pace (zone 2): you can still talk."},
      {"Running intervals", {M::kCardio}, {kCardio}, {}, 2, Dose::kTimed, 10.0,
       "Hard but controlled efforts; walk between them."},
      {"Cardio machine, steady", {M::kCardio}, {kCardio}, {E::EQUIPMENT_CARDIO_MACHINE}, 1, Dose::kSteady, 7.0,
       "Bike, rower or treadmill at a conversational pace."},
      {"Cardio machine intervals", {M::kCardio}, {kCardio}, {E::EQUIPMENT_CARDIO_MACHINE}, 2, Dose::kTimed, 9.0,
       "Hard efforts on the bike, rower or treadmill; easy between."},
  };
  return kLibrary;
}

}  // namespace stylist::plan
