-- Stores an analysis on the item if the item still has the analysed photo
-- ($3 as JSON, $6 the same message serialised).
UPDATE clothing_items SET analysis = $3::jsonb, analysis_pb = $6, analysis_status = 'done', change_seq = $5,
       updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2 AND photo->>'sha256' = $4
RETURNING id
