SELECT * FROM item_api_rows WHERE id = $1 AND user_id = $2
