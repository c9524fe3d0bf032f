UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL
