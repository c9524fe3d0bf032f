-- A job that fetches the item's photo from $3, stores it and so queues its
-- analysis (see AnalysisQueue).
INSERT INTO analysis_jobs (item_id, user_id, photo_sha256, source_url, max_attempts)
VALUES ($1, $2, '', $3, $4)
RETURNING id
