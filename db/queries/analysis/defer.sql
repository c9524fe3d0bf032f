-- Puts the running job back in the queue, due in $2 ms, without counting
-- the attempt: a Style DNA refresh that waits for its wardrobe to settle.
-- Only the worker holding it ($3: the attempt it claimed) may: one whose
-- lease ran out while another took the job over changes nothing.
UPDATE analysis_jobs
SET status = 'queued', attempts = attempts - 1, run_after = clock_timestamp() + $2 * interval '1 millisecond',
    locked_until = NULL, updated_at = clock_timestamp()
WHERE id = $1 AND status = 'running' AND attempts = $3
