SELECT id::text, name, prefix, (extract(epoch FROM created_at) * 1000000)::bigint,
       COALESCE((extract(epoch FROM last_used_at) * 1000000)::bigint, 0),
       COALESCE((extract(epoch FROM revoked_at) * 1000000)::bigint, 0),
       array_to_string(scopes, ','),
       COALESCE((extract(epoch FROM expires_at) * 1000000)::bigint, 0), own_legacy_users_only
FROM api_keys
WHERE $1::uuid IS NULL OR id > $1::uuid
ORDER BY id
LIMIT $2
