INSERT INTO password_reset_tokens (token_hash, user_id, expires_at) VALUES (decode($1, 'hex'), $2, to_timestamp($3))
