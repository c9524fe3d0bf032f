SELECT photo::text FROM clothing_items WHERE id = $1 AND user_id = $2
