SELECT id::text, (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM last_used_at) * 1000000)::bigint,
       (extract(epoch FROM expires_at) * 1000000)::bigint, user_agent, client_address
FROM sessions
WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
ORDER BY created_at DESC
LIMIT 200
