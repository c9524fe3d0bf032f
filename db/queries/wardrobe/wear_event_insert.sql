INSERT INTO wear_events (user_id, item_id, outfit_id, worn_date) VALUES ($1, $2, $3, $4::date)
RETURNING id, (extract(epoch FROM created_at) * 1000000)::bigint
