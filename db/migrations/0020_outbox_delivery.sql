-- Delivery state of the notification outbox (issue: REST completeness, e-mail):
-- a message is tried when next_attempt_at has come, retried with growing
-- waits after a failure (attempts, last_error), and dead-lettered (failed_at)
-- after the last attempt. A sent or dead message is never tried again.
ALTER TABLE notification_outbox
  ADD COLUMN attempts int NOT NULL DEFAULT 0,
  ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN last_error text,
  ADD COLUMN failed_at timestamptz;

-- The sender's queue: what is still to be tried, by when.
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at)
  WHERE sent_at IS NULL AND failed_at IS NULL;
