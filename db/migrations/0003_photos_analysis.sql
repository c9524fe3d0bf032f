-- The durable analysis queue. Workers of every replica claim jobs with
-- FOR UPDATE SKIP LOCKED; a claimed job whose lease (locked_until) ran out
-- (its worker died) is claimed again. A job that fails max_attempts times
-- is dead-lettered ('dead') and its item shows analysis 'failed'.
CREATE TABLE analysis_jobs (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id              uuid NOT NULL REFERENCES clothing_items (id) ON DELETE CASCADE,
  user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The photo this job analyses; a newer photo makes the job moot.
  photo_sha256         text NOT NULL,
  overwrite_attributes boolean NOT NULL DEFAULT false,
  status               text NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'running', 'done', 'dead', 'cancelled')),
  attempts             integer NOT NULL DEFAULT 0,
  max_attempts         integer NOT NULL,
  run_after            timestamptz NOT NULL DEFAULT clock_timestamp(),
  locked_until         timestamptz,
  last_error           text,
  created_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at           timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX analysis_jobs_ready_idx ON analysis_jobs (run_after) WHERE status IN ('queued', 'running');
CREATE INDEX analysis_jobs_item_idx ON analysis_jobs (item_id);
