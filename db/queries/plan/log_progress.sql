-- One log per day: set fields replace, unset ones (NULL, empty notes) keep
-- what was logged before.
INSERT INTO progress_logs AS l (user_id, day, weight_kg, calories_consumed_kcal, workouts_completed, notes)
VALUES ($1, $2::date, $3, $4, $5, $6)
ON CONFLICT (user_id, day) DO UPDATE SET
  weight_kg = COALESCE(EXCLUDED.weight_kg, l.weight_kg),
  calories_consumed_kcal = COALESCE(EXCLUDED.calories_consumed_kcal, l.calories_consumed_kcal),
  workouts_completed = COALESCE(EXCLUDED.workouts_completed, l.workouts_completed),
  notes = CASE WHEN EXCLUDED.notes = '' THEN l.notes ELSE EXCLUDED.notes END,
  updated_at = clock_timestamp()
RETURNING day::text, weight_kg, calories_consumed_kcal, workouts_completed, notes,
          (extract(epoch FROM updated_at) * 1000000)::bigint
