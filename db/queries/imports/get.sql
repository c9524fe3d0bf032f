-- The item an earlier import of the source row made ('' when deleted since).
SELECT coalesce(item_id::text, '') FROM item_imports WHERE source = $1 AND record_id = $2
