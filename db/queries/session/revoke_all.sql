-- All of a user's sessions except $2 (NULL: all of them).
UPDATE sessions SET revoked_at = now(), revoke_reason = $3
WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)
RETURNING id::text
