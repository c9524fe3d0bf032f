INSERT INTO plans (user_id, start_date, end_date, options, targets, notes)
VALUES ($1, $2::date, $3::date, $4::jsonb, $5::jsonb, ARRAY(SELECT jsonb_array_elements_text($6::jsonb)))
RETURNING id::text, (extract(epoch FROM created_at) * 1000000)::bigint
