-- The photo of an imported item could not be fetched after the last
-- attempt: its analysis failed (while it still has no photo).
UPDATE clothing_items SET analysis_status = 'failed', change_seq = $3, updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2 AND photo IS NULL
RETURNING id
