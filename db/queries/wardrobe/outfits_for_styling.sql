-- The user's outfits for Style DNA, latest first.
SELECT * FROM outfit_rows WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2
