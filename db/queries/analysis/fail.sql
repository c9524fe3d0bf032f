-- A failed attempt: retried after $2 ms, or dead-lettered after the last.
UPDATE analysis_jobs
SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
    run_after = clock_timestamp() + $2 * interval '1 millisecond',
    locked_until = NULL, last_error = $3, updated_at = clock_timestamp()
WHERE id = $1 AND status = 'running'
RETURNING status
