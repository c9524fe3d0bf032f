-- $1: normalized email or username
SELECT id::text, password_hash, role
FROM users
WHERE email_normalized = $1 OR username_normalized = $1
LIMIT 1
