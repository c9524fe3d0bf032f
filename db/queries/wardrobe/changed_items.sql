SELECT * FROM item_api_rows WHERE user_id = $1 AND change_seq > $2 AND change_seq <= $3 ORDER BY change_seq
