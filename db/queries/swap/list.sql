-- A page of listings, newest first: active ones, or with $2 (mine) the
-- caller's ($1) in any state; filters are NULL when unset: category $3,
-- size $4 (without case), price currency $5 with bounds ($6,$7) and
-- ($8,$9) as (units, nanos); after the keyset position ($10 micros, $11 id).
SELECT id, user_id, item_id, title, description, price_currency, price_units, price_nanos, size, condition,
       category, tags::text, status, (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint
FROM swap_listings
WHERE (CASE WHEN $2::boolean THEN user_id = $1 ELSE status = 'active' END)
  AND ($3::text IS NULL OR category = $3)
  AND ($4::text IS NULL OR lower(size) = lower($4))
  AND ($5::text IS NULL OR price_currency = $5)
  AND ($6::bigint IS NULL OR (price_units, price_nanos) >= ($6, $7::integer))
  AND ($8::bigint IS NULL OR (price_units, price_nanos) <= ($8, $9::integer))
  AND ($10::bigint IS NULL OR (created_at, id) < (to_timestamp($10::double precision / 1000000), $11::uuid))
ORDER BY created_at DESC, id DESC
LIMIT $12
