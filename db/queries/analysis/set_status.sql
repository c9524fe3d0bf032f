UPDATE clothing_items SET analysis_status = $3, change_seq = $4, updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2
