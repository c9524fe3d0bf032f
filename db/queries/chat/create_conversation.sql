INSERT INTO conversations (user_id, title) VALUES ($1, $2)
RETURNING id::text, title, message_count, last_preview, (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint
