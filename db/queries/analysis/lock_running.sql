-- Locks a job that is still running (its worker's to finish); no row when it
-- was cancelled, finished, or taken back after its lease ran out.
SELECT id FROM analysis_jobs WHERE id = $1 AND status = 'running' FOR UPDATE
