-- The user's questions and answers for the legacy conversation list: each
-- answer with the question before it, oldest first.
SELECT a.seq, q.text, a.text, (extract(epoch FROM q.created_at) * 1000000)::bigint
FROM chat_messages a
JOIN LATERAL (
  SELECT text, created_at FROM chat_messages q
  WHERE q.conversation_id = a.conversation_id AND q.role = 'user' AND (q.created_at, q.id) < (a.created_at, a.id)
  ORDER BY q.created_at DESC, q.id DESC LIMIT 1
) q ON true
WHERE a.user_id = $1 AND a.role = 'assistant'
ORDER BY a.seq
LIMIT 1000
