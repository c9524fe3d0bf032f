-- After clear_days: plans left without days go; the others' ranges shrink
-- to the days they still have.
WITH left_over AS (
  SELECT p.id, min(d.day) AS first_day, max(d.day) AS last_day
  FROM plans p LEFT JOIN plan_days d ON d.plan_id = p.id
  WHERE p.user_id = $1 AND p.start_date <= $3::date AND p.end_date >= $2::date
  GROUP BY p.id
), emptied AS (
  DELETE FROM plans WHERE id IN (SELECT id FROM left_over WHERE first_day IS NULL)
)
UPDATE plans p SET start_date = l.first_day, end_date = l.last_day
FROM left_over l WHERE p.id = l.id AND l.first_day IS NOT NULL
