-- A job that fetches the item's photo from $3, stores it and so queues its
-- analysis (see AnalysisQueue). $5 > 0 paces a user past their analysis
-- budget: the job waits $5 ms more than the last of their import jobs
-- still waiting, so a burst is taken about one per $5 ms, none refused.
INSERT INTO analysis_jobs (item_id, user_id, photo_sha256, source_url, max_attempts, run_after)
SELECT $1, $2, '', $3, $4,
       CASE WHEN $5 <= 0 THEN clock_timestamp()
            ELSE greatest(clock_timestamp(),
                          coalesce((SELECT max(run_after) FROM analysis_jobs
                                    WHERE user_id = $2 AND status = 'queued' AND source_url IS NOT NULL), clock_timestamp()))
                 + $5 * interval '1 millisecond' END
RETURNING id
