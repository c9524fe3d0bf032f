-- The whole API item as one serialised protobuf message, for the lists:
-- with it a page of analysed items costs PostgreSQL no text conversion of
-- some thirty columns per row (to_json of the arrays, to_char of the dates,
-- bytea as hex) and the server no column decoding; printing those columns
-- was most of ListItems' database time.
--
-- item_pb is a cache, never the record: it is filled by the server after a
-- list read the row's columns (only if the row is still the version read,
-- by xmin), and any other write of the row drops it, so a write that does
-- not know about it (an older replica, a fix made by hand, a migration) can
-- never leave it stale. item_pb_codec names the version of the code that
-- built the message (kItemMessageCodec in server/src/wardrobe/codec.h): a
-- list uses a message of its own version only, and replaces one of another,
-- so a release that builds items differently never serves old ones.
ALTER TABLE clothing_items ADD COLUMN item_pb bytea, ADD COLUMN item_pb_codec integer;

CREATE FUNCTION clothing_items_drop_item_pb() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.item_pb IS NOT DISTINCT FROM OLD.item_pb AND NEW.item_pb_codec IS NOT DISTINCT FROM OLD.item_pb_codec THEN
    NEW.item_pb := NULL;
    NEW.item_pb_codec := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER clothing_items_drop_item_pb BEFORE UPDATE ON clothing_items
  FOR EACH ROW EXECUTE FUNCTION clothing_items_drop_item_pb();

-- The list's rows: item_api_rows' columns (0010) with the cached message
-- and the row's version. A view of its own, so that item_api_rows' columns
-- (and the prepared statements of older replicas reading it) stay as they
-- were; written out rather than joined to item_api_rows, which would read
-- every row twice.
CREATE VIEW item_list_rows AS
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
       i.seasons AS season_list, i.occasions AS occasion_list, i.tags AS tag_list,
       i.photo_pb, i.analysis_pb, i.item_pb, i.xmin::text AS row_version, i.item_pb_codec
FROM clothing_items i;
