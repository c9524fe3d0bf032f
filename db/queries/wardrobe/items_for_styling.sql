-- The user's items for the styling rules (chat context, SuggestOutfits),
-- latest first (the first is what "this" means in chat).
SELECT * FROM item_api_rows WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2
