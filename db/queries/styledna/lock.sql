-- Holds the user (two-key advisory space, class 3) until the transaction
-- ends: two computations of one user's Style DNA run one after the other,
-- the first one included, which has no row to hold yet. Runs before
-- hold.sql, whose snapshot then sees a row the last holder inserted.
SELECT pg_advisory_xact_lock(3, hashtext($1::text))
