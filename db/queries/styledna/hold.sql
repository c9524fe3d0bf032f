-- Holds the user's stored Style DNA (if any) until the computation saves,
-- so that a change made meanwhile waits and then marks the new version
-- stale.
SELECT 1 FROM style_dna WHERE user_id = $1 FOR UPDATE
