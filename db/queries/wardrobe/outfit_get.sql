SELECT * FROM outfit_rows WHERE id = $1 AND user_id = $2
