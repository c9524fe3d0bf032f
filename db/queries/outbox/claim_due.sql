-- The oldest message due, locked for this sender until its transaction ends;
-- other senders (other replicas) skip it, so each message is in one
-- sender's hands at a time.
SELECT id, recipient, template, payload, attempts
FROM notification_outbox
WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
ORDER BY next_attempt_at, id
LIMIT 1
FOR UPDATE SKIP LOCKED
