-- Holds the user's Style DNA until the computation saves: their stored
-- row (if any), so that a change made meanwhile waits and then marks the
-- new version stale, and a lock on the user (two-key advisory space, class
-- 3) for the first computation, which has no row to hold yet.
SELECT pg_advisory_xact_lock(3, hashtext($1::text)),
       (SELECT count(*) FROM (SELECT 1 FROM style_dna WHERE user_id = $1::uuid FOR UPDATE) held)
