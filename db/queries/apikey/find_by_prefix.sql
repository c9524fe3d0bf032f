SELECT id::text, encode(key_hash, 'hex'), array_to_string(scopes, ','),
       COALESCE((extract(epoch FROM expires_at) * 1000000)::bigint, 0), own_legacy_users_only
FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL
