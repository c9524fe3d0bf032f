-- Latest start first; $2, $3: the last plan of the previous page.
SELECT id::text, start_date::text, end_date::text, options::text, targets::text, to_json(notes)::text,
       (extract(epoch FROM created_at) * 1000000)::bigint, summary, summary_by_model
FROM plans
WHERE user_id = $1 AND ($2::date IS NULL OR (start_date, id) < ($2::date, $3::uuid))
ORDER BY start_date DESC, id DESC
LIMIT $4
