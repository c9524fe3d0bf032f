-- A failed attempt: tried again after $3 seconds, or, when $4 (dead), never.
UPDATE notification_outbox
SET attempts = attempts + 1,
    last_error = $2,
    next_attempt_at = now() + make_interval(secs => $3::double precision),
    failed_at = CASE WHEN $4::boolean THEN now() END
WHERE id = $1
