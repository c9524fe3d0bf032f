-- The rows still without binary copies (written before migration 0010), for
-- the backfill that runs at every start (wardrobe/copies_missing): with the
-- index the check costs a look at an empty index, not a scan of every item.
-- Rows written since 0010 never enter it.
CREATE INDEX clothing_items_missing_copies_idx ON clothing_items (id)
  WHERE (photo IS NOT NULL AND photo_pb IS NULL) OR (analysis IS NOT NULL AND analysis_pb IS NULL);
