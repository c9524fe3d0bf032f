-- Newest first within $2..$3 (either may be NULL); $4: the last day of the
-- previous page.
SELECT day::text, weight_kg, calories_consumed_kcal, workouts_completed, notes,
       (extract(epoch FROM updated_at) * 1000000)::bigint
FROM progress_logs
WHERE user_id = $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
  AND ($4::date IS NULL OR day < $4::date)
ORDER BY day DESC
LIMIT $5
