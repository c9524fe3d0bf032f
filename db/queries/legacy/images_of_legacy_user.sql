-- A legacy user's id and images (items with a photo, oldest first) in one
-- round trip: one row with NULL image columns when there are none, no row
-- when the user does not exist. The four tags come from the columns that
-- migration 0011 keeps (reading them out of the analysis was most of the
-- route's cost).
SELECT u.id::text, i.legacy_id, i.name, i.tag_type, i.tag_primary_color, i.tag_secondary_color, i.tag_style,
       u.created_by_api_key::text, u.external_issuer IS NOT DISTINCT FROM 'urn:stylist:legacy'
FROM users u
LEFT JOIN clothing_items i ON i.user_id = u.id AND i.photo IS NOT NULL
WHERE u.legacy_id = $1
ORDER BY i.legacy_id
