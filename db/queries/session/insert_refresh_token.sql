INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES (decode($1, 'hex'), $2, to_timestamp($3))
