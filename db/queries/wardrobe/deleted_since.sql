SELECT kind, object_id::text FROM wardrobe_tombstones
WHERE user_id = $1 AND change_seq > $2 AND change_seq <= $3 ORDER BY change_seq
