-- What the legacy image routes show of an item's analysis, kept by
-- PostgreSQL in plain columns whenever the analysis is written. Reading the
-- tags out of the analysis on every list decompressed it each time (a jsonb
-- analysis is over 1 KB and stored compressed), four times per row: half of
-- PostgreSQL's work for GET /api/images/{user_id}, which now reads these.
ALTER TABLE clothing_items
  ADD COLUMN tag_type text GENERATED ALWAYS AS (analysis->'type'->>'label') STORED,
  ADD COLUMN tag_primary_color text GENERATED ALWAYS AS (analysis->'primary_color'->>'name') STORED,
  ADD COLUMN tag_secondary_color text GENERATED ALWAYS AS (analysis->'secondary_color'->>'name') STORED,
  ADD COLUMN tag_style text GENERATED ALWAYS AS (analysis->'style'->>'label') STORED,
  ADD COLUMN tag_category text GENERATED ALWAYS AS (analysis->'category'->>'category') STORED;
