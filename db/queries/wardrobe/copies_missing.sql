-- Up to $2 rows after id $1 (in id order) that have a photo or an analysis
-- without its binary copy: rows written before migration 0010 (found through
-- clothing_items_missing_copies_idx). Locked; rows another transaction holds
-- (a replica's backfill, a user's write) are skipped until the next start.
SELECT id::text AS item_id, photo::text, analysis::text FROM clothing_items
WHERE id > $1::uuid AND ((photo IS NOT NULL AND photo_pb IS NULL) OR (analysis IS NOT NULL AND analysis_pb IS NULL))
ORDER BY id
LIMIT $2
FOR UPDATE SKIP LOCKED
