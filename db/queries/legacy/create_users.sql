-- Legacy users, several at once (a db::GroupWriter batch): $1 is a JSON
-- array of {"username", "style_preferences", "api_key"} in arrival order
-- (api_key: the id of the key that creates the user, or null). A username
-- already taken (in any letter case, also by a request earlier in the same
-- batch) is skipped, and so missing from what comes back.
INSERT INTO users (username, username_normalized, external_issuer, external_subject, legacy_style_preferences,
                   created_by_api_key)
SELECT e.v->>'username', lower(e.v->>'username'), 'urn:stylist:legacy', lower(e.v->>'username'),
       e.v->>'style_preferences', (e.v->>'api_key')::uuid
FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, n)
ORDER BY e.n
ON CONFLICT DO NOTHING
RETURNING legacy_id, username, legacy_style_preferences
