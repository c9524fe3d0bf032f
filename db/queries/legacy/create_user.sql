INSERT INTO users (username, username_normalized, external_issuer, external_subject, legacy_style_preferences)
VALUES ($1, lower($1), 'urn:stylist:legacy', lower($1), $2)
RETURNING legacy_id, username, legacy_style_preferences
