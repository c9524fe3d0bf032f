-- A listing the caller ($2) may see: active, or their own.
SELECT id, user_id, item_id, title, description, price_currency, price_units, price_nanos, size, condition,
       category, tags::text, status, (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint
FROM swap_listings WHERE id = $1 AND (status = 'active' OR user_id = $2)
