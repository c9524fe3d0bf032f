-- Single use: marks the token used and returns its user, only if it is
-- unused and unexpired.
UPDATE password_reset_tokens SET used_at = now()
WHERE token_hash = decode($1, 'hex') AND used_at IS NULL AND expires_at > now()
RETURNING user_id::text
