-- Up to $2 rows after id $1 (in id order) that have a photo or an analysis
-- without its binary copy: rows written before migration 0010. Locked, and
-- rows another transaction holds are skipped (a replica's backfill, or a
-- user's write, which writes both forms anyway).
SELECT id::text, photo::text, analysis::text FROM clothing_items
WHERE id > $1::uuid AND ((photo IS NOT NULL AND photo_pb IS NULL) OR (analysis IS NOT NULL AND analysis_pb IS NULL))
ORDER BY id
LIMIT $2
FOR UPDATE SKIP LOCKED
