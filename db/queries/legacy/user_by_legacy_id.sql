SELECT id::text, created_by_api_key::text FROM users WHERE legacy_id = $1
