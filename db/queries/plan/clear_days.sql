-- Frees $2..$3 for a new plan: drops those days from earlier plans.
DELETE FROM plan_days WHERE user_id = $1 AND day BETWEEN $2::date AND $3::date
