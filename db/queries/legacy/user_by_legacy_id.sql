-- The user, the key that created it, and whether it is a legacy app's user
-- (made by CreateLegacyUser) rather than a Stylist account.
SELECT id::text, created_by_api_key::text, external_issuer IS NOT DISTINCT FROM 'urn:stylist:legacy'
FROM users WHERE legacy_id = $1
