-- Whether the user's Style DNA is stale, and how many milliseconds are
-- left before it has been stale for $2 ms (0 or less: due now); no row
-- when there is none or it is fresh. Holds the row for the computation.
SELECT (extract(epoch FROM stale_since + make_interval(secs => $2::double precision / 1000) - now()) * 1000)::bigint
FROM style_dna WHERE user_id = $1 AND stale_since IS NOT NULL
FOR UPDATE
