SELECT legacy_id FROM clothing_items WHERE id = $1
