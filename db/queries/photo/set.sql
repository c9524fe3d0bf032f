-- Replaces the photo of one of the user's items ($3 as JSON with the storage
-- keys, $6 the PhotoInfo message serialised); returns the previous photo
-- (with its storage keys, for deletion after commit), NULL when none.
UPDATE clothing_items i
SET photo = $3::jsonb, photo_pb = $6, analysis = NULL, analysis_pb = NULL, analysis_status = $4, change_seq = $5,
    updated_at = clock_timestamp()
FROM (SELECT id, photo AS old FROM clothing_items WHERE id = $1 AND user_id = $2 FOR UPDATE) o
WHERE i.id = o.id
RETURNING o.old::text
