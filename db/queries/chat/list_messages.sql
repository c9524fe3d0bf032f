-- $3: 'asc' or 'desc'; $4, $5: the last row of the previous page.
SELECT id::text, conversation_id::text, role, text, to_json(attached_item_ids)::text, engine, model_name, latency_ms,
       prompt_tokens, completion_tokens, interrupted, (extract(epoch FROM created_at) * 1000000)::bigint
FROM chat_messages
WHERE conversation_id = $1 AND user_id = $2
  AND ($4::bigint IS NULL
       OR ($3 = 'asc' AND ((extract(epoch FROM created_at) * 1000000)::bigint, id) > ($4::bigint, $5::uuid))
       OR ($3 = 'desc' AND ((extract(epoch FROM created_at) * 1000000)::bigint, id) < ($4::bigint, $5::uuid)))
ORDER BY CASE WHEN $3 = 'asc' THEN created_at END ASC, CASE WHEN $3 = 'asc' THEN id END ASC,
         CASE WHEN $3 = 'desc' THEN created_at END DESC, CASE WHEN $3 = 'desc' THEN id END DESC
LIMIT $6
