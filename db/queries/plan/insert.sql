INSERT INTO plans (user_id, start_date, end_date, options, targets, notes, summary, summary_by_model)
VALUES ($1, $2::date, $3::date, $4::jsonb, $5::jsonb, ARRAY(SELECT jsonb_array_elements_text($6::jsonb)), $7, $8)
RETURNING id::text, (extract(epoch FROM created_at) * 1000000)::bigint
