-- The first of the caller's days in $2..$3 that a plan already covers.
SELECT min(day)::text FROM plan_days WHERE user_id = $1 AND day BETWEEN $2::date AND $3::date
