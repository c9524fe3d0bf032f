-- Most recently active first; $2, $3: the last row of the previous page.
SELECT id::text, title, message_count, last_preview, (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint
FROM conversations
WHERE user_id = $1
  AND ($2::bigint IS NULL OR ((extract(epoch FROM updated_at) * 1000000)::bigint, id) < ($2::bigint, $3::uuid))
ORDER BY updated_at DESC, id DESC
LIMIT $4
