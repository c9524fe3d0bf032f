-- The user's items for the context, latest first (the first is "this").
SELECT * FROM item_rows WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2
