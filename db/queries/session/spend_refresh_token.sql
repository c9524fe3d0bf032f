UPDATE refresh_tokens SET spent_at = now() WHERE token_hash = decode($1, 'hex') AND spent_at IS NULL
