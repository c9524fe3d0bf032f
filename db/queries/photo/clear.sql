UPDATE clothing_items i
SET photo = NULL, photo_pb = NULL, analysis = NULL, analysis_pb = NULL, analysis_status = 'no_photo', change_seq = $3, updated_at = clock_timestamp()
FROM (SELECT id, photo AS old FROM clothing_items WHERE id = $1 AND user_id = $2 FOR UPDATE) o
WHERE i.id = o.id
RETURNING o.old::text
