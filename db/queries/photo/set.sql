-- Replaces the photo of one of the user's items ($3 as JSON with the storage
-- keys, $6 the PhotoInfo message serialised); returns the previous photo
-- (with its storage keys, for deletion after commit), NULL when none.
-- $4 is the new analysis status ('pending': the new photo will be analysed),
-- or NULL to keep the current analysis instead (the caller cancels any job
-- still queued for the old photo): an item that has one stays 'done', one
-- without becomes 'skipped'. (SET expressions read the row as it was.)
UPDATE clothing_items i
SET photo = $3::jsonb, photo_pb = $6,
    analysis = CASE WHEN $4::text IS NULL THEN i.analysis END,
    analysis_pb = CASE WHEN $4::text IS NULL THEN i.analysis_pb END,
    analysis_status = COALESCE($4::text, CASE WHEN i.analysis IS NOT NULL THEN 'done' ELSE 'skipped' END),
    change_seq = $5, updated_at = clock_timestamp()
FROM (SELECT id, photo AS old FROM clothing_items WHERE id = $1 AND user_id = $2 FOR UPDATE) o
WHERE i.id = o.id
RETURNING o.old::text
