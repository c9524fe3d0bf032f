SELECT d.plan_id::text, d.meals::text, d.workout::text, p.targets::text
FROM plan_days d JOIN plans p ON p.id = d.plan_id
WHERE d.user_id = $1 AND d.day = $2::date
