-- $1 issuer, $2 subject, $3 username, $4 email (may be NULL)
INSERT INTO users (external_issuer, external_subject, username, username_normalized, email, email_normalized)
VALUES ($1, $2, $3, lower($3), $4, lower($4))
ON CONFLICT (external_issuer, external_subject) DO UPDATE SET external_subject = EXCLUDED.external_subject
RETURNING id::text, role
