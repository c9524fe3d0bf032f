-- Caches listed items' messages (migration 0019): $1 the item ids,
-- $2 the row versions (xmin) they were built from, $3 the messages in hex,
-- $4 the version of the code that built them. A row written since (another
-- xmin) is left alone, and so is a row another writer holds locked at the
-- moment (SKIP LOCKED: the cache is worth no wait, and rows locked in
-- another order can never deadlock with this).
UPDATE clothing_items c SET item_pb = decode(v.message, 'hex'), item_pb_codec = $4
FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, row_version, message)
WHERE c.id = v.id AND c.xmin::text = v.row_version
  AND c.id IN (SELECT id FROM clothing_items WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED)
