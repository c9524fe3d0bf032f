-- The queue as monitoring sees it: jobs waiting (queued, due or not),
-- being analysed (running), dead-lettered, and how long the oldest job not
-- finished has waited, in seconds (0 when none).
SELECT count(*) FILTER (WHERE status = 'queued'),
       count(*) FILTER (WHERE status = 'running'),
       count(*) FILTER (WHERE status = 'dead'),
       COALESCE(extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE status IN ('queued', 'running'))),
                0)::double precision
FROM analysis_jobs
WHERE status IN ('queued', 'running', 'dead')
