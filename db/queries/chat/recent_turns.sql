-- The latest messages of a conversation, newest first, for the context.
SELECT role, text FROM chat_messages
WHERE conversation_id = $1 AND user_id = $2
ORDER BY created_at DESC, id DESC
LIMIT $3
