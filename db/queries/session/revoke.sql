UPDATE sessions SET revoked_at = now(), revoke_reason = $3
WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
RETURNING id::text
