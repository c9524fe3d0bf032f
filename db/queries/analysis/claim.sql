-- Takes the next due job (or one whose worker's lease ran out) for
-- $1 milliseconds. A Style DNA job has no item: its item id is ''.
UPDATE analysis_jobs j
SET status = 'running', attempts = j.attempts + 1,
    locked_until = clock_timestamp() + $1 * interval '1 millisecond', updated_at = clock_timestamp()
WHERE j.id = (
  SELECT id FROM analysis_jobs
  WHERE (status = 'queued' AND run_after <= clock_timestamp())
     OR (status = 'running' AND locked_until < clock_timestamp())
  ORDER BY run_after, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
RETURNING j.id, coalesce(j.item_id::text, ''), j.user_id::text, j.photo_sha256, j.overwrite_attributes, j.attempts, j.max_attempts, coalesce(j.source_url, ''), j.kind
