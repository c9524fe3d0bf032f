-- Creates that may be retried (AIP-155): the first answer to a request_id
-- (or REST Idempotency-Key), kept 24 hours, with a digest of the request
-- so the same id cannot stand for two different requests.
CREATE TABLE idempotent_requests (
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  method         text NOT NULL,
  request_id     text NOT NULL,
  request_sha256 bytea NOT NULL,
  response       bytea NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, method, request_id)
);
