UPDATE analysis_jobs SET status = 'done', locked_until = NULL, last_error = NULL, updated_at = clock_timestamp()
WHERE id = $1 AND status = 'running'
RETURNING id
