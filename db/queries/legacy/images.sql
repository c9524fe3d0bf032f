-- A user's legacy images: their items that have a photo, oldest first, with
-- the category their analysis found (NULL until analysed).
SELECT legacy_id, tag_category FROM clothing_items
WHERE user_id = $1 AND photo IS NOT NULL
ORDER BY legacy_id
