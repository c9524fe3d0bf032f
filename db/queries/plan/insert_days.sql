-- $3: a JSON array of {"day", "meals", "workout", "kcal", "workouts"}.
INSERT INTO plan_days (user_id, day, plan_id, meals, workout, calorie_target_kcal, workouts_planned)
SELECT $1, (d->>'day')::date, $2, d->'meals', d->'workout', (d->>'kcal')::float8, (d->>'workouts')::int
FROM jsonb_array_elements($3::jsonb) AS d
