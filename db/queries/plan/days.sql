SELECT meals::text, workout::text FROM plan_days WHERE plan_id = $1 ORDER BY day
