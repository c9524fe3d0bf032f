-- The user's answers older than a day (run with each create: the table
-- holds a day of one user's creates at most).
DELETE FROM idempotent_requests WHERE user_id = $1 AND created_at <= now() - interval '24 hours'
