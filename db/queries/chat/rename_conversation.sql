UPDATE conversations SET title = $3, updated_at = clock_timestamp() WHERE id = $1 AND user_id = $2
RETURNING id::text, title, message_count, last_preview, (extract(epoch FROM created_at) * 1000000)::bigint,
          (extract(epoch FROM updated_at) * 1000000)::bigint
