-- A legacy user's id and images (items with a photo, oldest first) in one
-- round trip: one row with NULL image columns when there are none, no row
-- when the user does not exist.
SELECT u.id::text, i.legacy_id, i.name, i.analysis::text
FROM users u
LEFT JOIN clothing_items i ON i.user_id = u.id AND i.photo IS NOT NULL
WHERE u.legacy_id = $1
ORDER BY i.legacy_id
