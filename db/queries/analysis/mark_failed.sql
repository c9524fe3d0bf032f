UPDATE clothing_items SET analysis_status = 'failed', change_seq = $4, updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2 AND photo->>'sha256' = $3
RETURNING id
