-- How many of the 7-day blocks just before $2 (up to six) had training
-- planned, counting back until the first block without: the weeks of the
-- current training cycle already done.
WITH blocks AS (
  SELECT (($2::date - day) - 1) / 7 AS block
  FROM plan_days
  WHERE user_id = $1 AND day BETWEEN $2::date - 42 AND $2::date - 1 AND workouts_planned > 0
  GROUP BY 1
)
SELECT count(*) FROM blocks b
WHERE NOT EXISTS (SELECT 1 FROM generate_series(0, b.block) g(n) WHERE g.n NOT IN (SELECT block FROM blocks))
