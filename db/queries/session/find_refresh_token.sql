-- Locks the token row so that two concurrent refreshes cannot both spend it.
SELECT t.session_id::text, s.user_id::text, t.spent_at IS NOT NULL, t.expires_at <= now(),
       s.revoked_at IS NOT NULL, s.expires_at <= now()
FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
WHERE t.token_hash = decode($1, 'hex')
FOR UPDATE OF t
