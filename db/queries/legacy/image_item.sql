-- The item behind a legacy image id, if it is one of the user's items with
-- a photo.
SELECT id::text FROM clothing_items WHERE user_id = $1 AND legacy_id = $2 AND photo IS NOT NULL
