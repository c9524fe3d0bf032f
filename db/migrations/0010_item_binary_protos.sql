-- The photo facts and the analysis of an item also as serialised protobuf
-- messages. The jsonb columns stay the record (storage keys, the analysed
-- photo's hash, the legacy tags and the export read them in SQL); the API
-- reads the binary copies: decoding protobuf JSON cost about 100 µs per item,
-- most of ListItems' CPU for a wardrobe of analysed photos, and printing it
-- (the analysis is stored compressed) much of PostgreSQL's. Every statement
-- that writes photo or analysis writes both. Rows written before this
-- migration have NULL copies and are read from their JSON until their next
-- write.
ALTER TABLE clothing_items ADD COLUMN photo_pb bytea, ADD COLUMN analysis_pb bytea;

-- During a rolling upgrade a replica older than this migration still writes
-- the JSON alone: its write drops the copy it made stale, and readers fall
-- back to the JSON.
CREATE FUNCTION clothing_items_drop_stale_copies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.photo IS DISTINCT FROM OLD.photo AND NEW.photo_pb IS NOT DISTINCT FROM OLD.photo_pb THEN
    NEW.photo_pb := NULL;
  END IF;
  IF NEW.analysis IS DISTINCT FROM OLD.analysis AND NEW.analysis_pb IS NOT DISTINCT FROM OLD.analysis_pb THEN
    NEW.analysis_pb := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER clothing_items_drop_stale_copies BEFORE UPDATE OF photo, analysis ON clothing_items
  FOR EACH ROW EXECUTE FUNCTION clothing_items_drop_stale_copies();

-- The API's item rows: item_rows with the binary copies, and the JSON only
-- where there is no copy. item_rows itself stays as it was, for the export
-- and for replicas older than this migration (whose prepared statements
-- would fail if its columns changed under them).
CREATE VIEW item_api_rows AS
SELECT i.id, i.user_id, i.name, i.category, i.subcategory, i.primary_color,
       i.secondary_color, i.pattern, i.material, to_json(i.seasons)::text AS seasons,
       to_json(i.occasions)::text AS occasions, i.formality, i.brand, i.size, i.price_currency,
       i.price_units, i.price_nanos, to_char(i.purchase_date, 'YYYY-MM-DD') AS purchase_date, i.notes,
       to_json(i.tags)::text AS tags, i.favorite, i.wear_count,
       to_char(i.last_worn_date, 'YYYY-MM-DD') AS last_worn_date,
       CASE WHEN i.photo_pb IS NULL THEN (i.photo - 'storage_key' - 'thumbnail_key')::text END AS photo,
       CASE WHEN i.analysis_pb IS NULL THEN i.analysis::text END AS analysis,
       i.analysis_status, (extract(epoch FROM i.created_at) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM i.updated_at) * 1000000)::bigint AS update_micros, i.change_seq,
       i.created_at, i.updated_at, i.legacy_id,
       -- Raw columns for filters.
       i.seasons AS season_list, i.occasions AS occasion_list, i.tags AS tag_list,
       i.photo_pb, i.analysis_pb
FROM clothing_items i;
