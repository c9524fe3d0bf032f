SELECT id::text FROM users WHERE legacy_id = $1
