-- Newest first; $1 = last id seen (NULL for the first page).
SELECT id, (extract(epoch FROM created_at) * 1000000)::bigint, event_type,
       COALESCE(user_id::text, ''), client_address, request_id, details::text
FROM audit_events
WHERE ($1::bigint IS NULL OR id < $1::bigint)
  AND ($2::uuid IS NULL OR user_id = $2::uuid)
  AND ($3::text IS NULL OR event_type = $3::text)
ORDER BY id DESC
LIMIT $4
