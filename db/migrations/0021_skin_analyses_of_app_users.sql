-- Skin Chapters (seed 002) stores an analysis made with a service API key
-- when the app names its user: such a row belongs to the key and the app's
-- own id of the person (app_user_id), not to a Stylist account. Exactly one
-- owner per row. The key's rows go with the key; a key's rows never keep a
-- photo, so no blob is left behind when they do.
ALTER TABLE skin_analyses
  ALTER COLUMN user_id DROP NOT NULL,
  ADD COLUMN api_key_id uuid REFERENCES api_keys (id) ON DELETE CASCADE,
  ADD COLUMN app_user_id text CHECK (app_user_id IS NULL OR length(app_user_id) BETWEEN 1 AND 128),
  ADD CONSTRAINT skin_analyses_one_owner CHECK (
    (user_id IS NOT NULL AND api_key_id IS NULL AND app_user_id IS NULL) OR
    (user_id IS NULL AND api_key_id IS NOT NULL AND app_user_id IS NOT NULL AND photo_key IS NULL));
CREATE INDEX skin_analyses_app_user_time_idx ON skin_analyses (api_key_id, app_user_id, created_at DESC, id DESC)
  WHERE api_key_id IS NOT NULL;
