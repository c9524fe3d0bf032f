SELECT day::text, weight_kg FROM progress_logs
WHERE user_id = $1 AND weight_kg IS NOT NULL AND day BETWEEN $2::date AND $3::date
ORDER BY day
