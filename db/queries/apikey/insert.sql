INSERT INTO api_keys (name, prefix, key_hash, created_by, scopes, expires_at, own_legacy_users_only)
VALUES ($1, $2, decode($3, 'hex'), $4::uuid, string_to_array($5, ','),
        CASE WHEN $6::bigint = 0 THEN NULL ELSE to_timestamp($6::bigint / 1000000.0) END, $7)
RETURNING id::text, (extract(epoch FROM created_at) * 1000000)::bigint
