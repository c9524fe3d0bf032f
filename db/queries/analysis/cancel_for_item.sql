UPDATE analysis_jobs SET status = 'cancelled', locked_until = NULL, updated_at = clock_timestamp()
WHERE item_id = $1 AND status IN ('queued', 'running')
