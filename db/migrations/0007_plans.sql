-- Generated meal and workout plans, and progress logs (PlanService).

-- Plans: one row per generated plan, one row per planned day. A user has at
-- most one planned day per date (the primary key of plan_days), so two
-- plans never overlap, even when generated concurrently.
CREATE TABLE plans (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  start_date date NOT NULL,
  end_date   date NOT NULL CHECK (end_date >= start_date AND end_date - start_date < 31),
  -- PlanOptions and NutritionTargets as protobuf JSON.
  options    jsonb NOT NULL,
  targets    jsonb NOT NULL,
  -- What shaped the targets (goal, rate, trend adjustment), for the client.
  notes      text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX plans_user_start_idx ON plans (user_id, start_date DESC, id DESC);

CREATE TABLE plan_days (
  user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day                 date NOT NULL,
  plan_id             uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  -- MealPlanDay and WorkoutPlanDay as protobuf JSON.
  meals               jsonb NOT NULL,
  workout             jsonb NOT NULL,
  calorie_target_kcal double precision NOT NULL,
  workouts_planned    integer NOT NULL CHECK (workouts_planned >= 0),
  PRIMARY KEY (user_id, day)
);
CREATE INDEX plan_days_plan_idx ON plan_days (plan_id, day);

-- One log per user and day; logging a day again updates it.
CREATE TABLE progress_logs (
  user_id                uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day                    date NOT NULL,
  weight_kg              double precision CHECK (weight_kg > 0),
  calories_consumed_kcal double precision CHECK (calories_consumed_kcal >= 0),
  workouts_completed     integer CHECK (workouts_completed >= 0),
  notes                  text NOT NULL DEFAULT '',
  updated_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (user_id, day)
);
