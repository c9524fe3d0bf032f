-- The outfits that contain an item about to be deleted change too.
UPDATE outfits SET change_seq = $3, updated_at = clock_timestamp()
WHERE user_id = $2 AND id IN (SELECT outfit_id FROM outfit_items WHERE item_id = $1)
