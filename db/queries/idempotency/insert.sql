INSERT INTO idempotent_requests (user_id, method, request_id, request_sha256, response)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, method, request_id)
DO UPDATE SET request_sha256 = EXCLUDED.request_sha256, response = EXCLUDED.response, created_at = now()
