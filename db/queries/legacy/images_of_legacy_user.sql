-- A legacy user's id and images (items with a photo, oldest first) in one
-- round trip: one row with NULL image columns when there are none, no row
-- when the user does not exist. Only the four tags the route shows are read
-- out of the analysis (parsing the whole analysis per row was most of the
-- route's cost).
SELECT u.id::text, i.legacy_id, i.name, i.analysis->'type'->>'label', i.analysis->'primary_color'->>'name',
       i.analysis->'secondary_color'->>'name', i.analysis->'style'->>'label'
FROM users u
LEFT JOIN clothing_items i ON i.user_id = u.id AND i.photo IS NOT NULL
WHERE u.legacy_id = $1
ORDER BY i.legacy_id
