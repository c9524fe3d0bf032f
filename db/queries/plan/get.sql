SELECT id::text, start_date::text, end_date::text, options::text, targets::text, to_json(notes)::text,
       (extract(epoch FROM created_at) * 1000000)::bigint, summary, summary_by_model
FROM plans WHERE id = $1 AND user_id = $2
