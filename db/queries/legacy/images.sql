-- A user's legacy images: their items that have a photo, oldest first.
SELECT legacy_id, name, analysis::text FROM clothing_items
WHERE user_id = $1 AND photo IS NOT NULL
ORDER BY legacy_id
