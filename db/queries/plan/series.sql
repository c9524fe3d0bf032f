-- Every day of $2..$3 with what was logged and what was planned.
SELECT g.day::date::text, l.weight_kg, l.calories_consumed_kcal, l.workouts_completed, d.workouts_planned,
       d.calorie_target_kcal
FROM generate_series($2::date, $3::date, interval '1 day') AS g(day)
LEFT JOIN progress_logs l ON l.user_id = $1 AND l.day = g.day::date
LEFT JOIN plan_days d ON d.user_id = $1 AND d.day = g.day::date
ORDER BY g.day
