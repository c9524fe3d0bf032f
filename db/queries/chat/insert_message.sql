INSERT INTO chat_messages (conversation_id, user_id, role, text, attached_item_ids, engine, model_name, latency_ms,
                           prompt_tokens, completion_tokens, interrupted)
VALUES ($1, $2, $3, $4, ARRAY(SELECT jsonb_array_elements_text($5::jsonb))::uuid[], $6, $7, $8, $9, $10, $11)
RETURNING id::text, seq, (extract(epoch FROM created_at) * 1000000)::bigint
