SELECT id::text, email FROM users WHERE email_normalized = $1 AND password_hash IS NOT NULL
