INSERT INTO api_keys (name, prefix, key_hash, created_by) VALUES ($1, $2, decode($3, 'hex'), $4::uuid)
RETURNING id::text, (extract(epoch FROM created_at) * 1000000)::bigint
