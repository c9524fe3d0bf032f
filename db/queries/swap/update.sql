-- Replaces an active listing's fields, the seller's ($2) only, and only
-- while it is as read ($10: its updated_at in microseconds): a change made
-- since is not overwritten by one computed from the older listing.
UPDATE swap_listings
SET title = $3, description = $4, price_currency = $5, price_units = $6, price_nanos = $7, size = $8,
    condition = $9, updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2 AND status = 'active'
  AND (extract(epoch FROM updated_at) * 1000000)::bigint = $10
RETURNING id, user_id, item_id, title, description, price_currency, price_units, price_nanos, size, condition,
          category, tags::text, status, (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint
