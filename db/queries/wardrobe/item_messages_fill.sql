-- Caches listed items' messages (migration 0019): $1 the item ids, $2 the
-- row versions (xmin) they were built from, $3 the messages in hex. A row
-- written since (another xmin) or cached meanwhile is left alone.
UPDATE clothing_items c SET item_pb = decode(v.message, 'hex')
FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, row_version, message)
WHERE c.id = v.id AND c.xmin::text = v.row_version AND c.item_pb IS NULL
