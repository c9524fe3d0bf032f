SELECT id::text, encode(key_hash, 'hex') FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL
