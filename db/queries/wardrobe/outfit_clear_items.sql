DELETE FROM outfit_items WHERE outfit_id = $1
