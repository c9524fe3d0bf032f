-- Style DNA refreshes run on the job queue (analysis_jobs), like photo
-- analyses and imports: leased, retried with backoff, dead-lettered,
-- shared by every replica and visible in the queue's metrics. A job of
-- kind 'style_dna' names a user, not an item.
ALTER TABLE analysis_jobs ADD COLUMN kind text NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'style_dna'));
ALTER TABLE analysis_jobs ALTER COLUMN item_id DROP NOT NULL;
-- Checked for new rows at once; the existing ones (all photo jobs, the
-- table is never purged) are validated without blocking writes meanwhile.
ALTER TABLE analysis_jobs ADD CONSTRAINT analysis_jobs_item_of_kind CHECK ((kind = 'photo') = (item_id IS NOT NULL)) NOT VALID;
ALTER TABLE analysis_jobs VALIDATE CONSTRAINT analysis_jobs_item_of_kind;
CREATE INDEX analysis_jobs_style_dna_idx ON analysis_jobs (user_id) WHERE kind = 'style_dna' AND status = 'queued';

-- A change to a user's items, outfits or wear log marks their stored
-- Style DNA stale (as before) and queues a refresh unless one is waiting
-- already. The UPDATE holds the user's style_dna row until the change
-- commits, so changes of one user see each other's job: a burst queues
-- one (a change made while a refresh runs queues the next; a spare one
-- finds nothing stale and is done). The worker debounces: it defers the
-- job until the profile has been stale for the server's settle time
-- (STYLIST_STYLE_DNA_SETTLE), so a burst of edits costs one computation.
-- A refresh that fails 5 times is dead-lettered; the next change queues a
-- new one. Servers older than this migration cannot claim these jobs (no
-- item): during a rolling upgrade their workers fail on them and analyse
-- no photos until they are replaced (their calls are answered as ever).
CREATE OR REPLACE FUNCTION style_dna_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    owner := OLD.user_id;
  ELSE
    owner := NEW.user_id;
  END IF;
  UPDATE style_dna SET stale_since = coalesce(stale_since, now()) WHERE user_id = owner;
  IF FOUND AND NOT EXISTS (SELECT 1 FROM analysis_jobs
                           WHERE kind = 'style_dna' AND user_id = owner AND status = 'queued') THEN
    INSERT INTO analysis_jobs (kind, user_id, photo_sha256, max_attempts) VALUES ('style_dna', owner, '', 5);
  END IF;
  RETURN NULL;
END
$$;

-- Profiles already stale when this migration runs get their job too.
INSERT INTO analysis_jobs (kind, user_id, photo_sha256, max_attempts)
SELECT 'style_dna', user_id, '', 5 FROM style_dna WHERE stale_since IS NOT NULL;
