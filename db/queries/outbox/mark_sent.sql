UPDATE notification_outbox
SET sent_at = now(), attempts = attempts + 1, last_error = NULL
WHERE id = $1
