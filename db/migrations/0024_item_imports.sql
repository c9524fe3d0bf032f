-- Items imported from the Supabase project's database webhook (Aura, seed
-- 003): which source row made which item, so that a redelivered event
-- imports nothing more. The row stays when its item is deleted (item_id
-- becomes NULL): the event delivered again does not bring the item back.
-- Erased with the account.
CREATE TABLE item_imports (
  source     text NOT NULL,  -- e.g. 'supabase:public.clothing_items'
  record_id  text NOT NULL CHECK (length(record_id) BETWEEN 1 AND 128),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  item_id    uuid REFERENCES clothing_items (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (source, record_id)
);
CREATE INDEX item_imports_user_idx ON item_imports (user_id);
CREATE INDEX item_imports_item_idx ON item_imports (item_id);

-- A job of the analysis queue may first fetch its item's photo from this
-- URL (an imported item); its photo_sha256 is then '' until the photo is
-- stored, which queues the analysis proper.
ALTER TABLE analysis_jobs ADD COLUMN source_url text;
