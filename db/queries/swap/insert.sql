-- A new active listing; a second active listing of one item breaks the
-- unique index (the caller answers "already listed").
INSERT INTO swap_listings (user_id, item_id, title, description, price_currency, price_units, price_nanos, size,
                           condition, category, tags)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
RETURNING id, user_id, item_id, title, description, price_currency, price_units, price_nanos, size, condition,
          category, tags::text, status, (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint
