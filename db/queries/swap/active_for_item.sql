-- Whether the item has an active listing.
SELECT 1 FROM swap_listings WHERE item_id = $1 AND status = 'active'
