-- The weekly rates the caller's plans aimed at over the days of the weigh-in
-- window $2..$3, weighted by days: what the logged trend is measured against.
SELECT avg((p.targets->>'weekly_rate_kg')::float8)
FROM plan_days d JOIN plans p ON p.id = d.plan_id
WHERE d.user_id = $1 AND d.day BETWEEN $2::date AND $3::date
