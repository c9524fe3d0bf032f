-- Legacy users' ids and images for a batch of list requests (a
-- db::GroupWriter batch, one round trip for all of them): $1 is the
-- requested legacy ids in arrival order; an id asked twice is read twice.
-- Per request (column 1, its position in $1): one row per image (items with
-- a photo, oldest first), one row with NULL image columns when the user has
-- none, no row when the user does not exist. The four tags come from the
-- columns that migration 0011 keeps (reading them out of the analysis was
-- most of the route's cost).
SELECT q.n, u.id::text, i.legacy_id, i.tag_type, i.tag_primary_color, i.tag_secondary_color, i.tag_style,
       u.created_by_api_key::text, u.external_issuer IS NOT DISTINCT FROM 'urn:stylist:legacy'
FROM unnest($1::bigint[]) WITH ORDINALITY AS q(legacy_id, n)
JOIN users u ON u.legacy_id = q.legacy_id
LEFT JOIN clothing_items i ON i.user_id = u.id AND i.photo IS NOT NULL
ORDER BY q.n, i.legacy_id
