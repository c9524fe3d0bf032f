-- Takes the seller's ($2) listing off the market (again: no change).
UPDATE swap_listings SET status = 'withdrawn', updated_at = CASE WHEN status = 'active' THEN clock_timestamp() ELSE updated_at END
WHERE id = $1 AND user_id = $2
RETURNING id, user_id, item_id, title, description, price_currency, price_units, price_nanos, size, condition,
          category, tags::text, status, (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint
