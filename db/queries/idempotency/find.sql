-- The kept answer to a request id, if it is younger than a day.
SELECT request_sha256, response FROM idempotent_requests
WHERE user_id = $1 AND method = $2 AND request_id = $3 AND created_at > now() - interval '24 hours'
