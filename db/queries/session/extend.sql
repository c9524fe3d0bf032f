-- Sliding expiry: every refresh extends the session.
UPDATE sessions SET last_used_at = now(), expires_at = to_timestamp($2) WHERE id = $1
