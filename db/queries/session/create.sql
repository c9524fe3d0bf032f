-- $1 user_id, $2 expires_at (unix seconds), $3 user_agent, $4 client_address
INSERT INTO sessions (user_id, expires_at, user_agent, client_address)
VALUES ($1, to_timestamp($2), $3, $4)
RETURNING id::text
