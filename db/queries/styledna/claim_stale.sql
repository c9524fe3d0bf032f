-- One user whose Style DNA has been stale for at least $1 milliseconds,
-- locked for the refresher's transaction (others skip it).
SELECT user_id FROM style_dna
WHERE stale_since <= now() - make_interval(secs => $1::double precision / 1000)
ORDER BY stale_since LIMIT 1 FOR UPDATE SKIP LOCKED
