SELECT count(*) FROM clothing_items WHERE user_id = $1
