INSERT INTO analysis_jobs (item_id, user_id, photo_sha256, overwrite_attributes, max_attempts)
VALUES ($1, $2, $3, $4, $5)
RETURNING id
