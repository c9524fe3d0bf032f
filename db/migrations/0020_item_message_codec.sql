-- The cached item messages (0019) name the version of the code that built
-- them (kItemMessageCodec in server/src/wardrobe/codec.h). A list uses a
-- message of its own version only, and replaces one of another: a release
-- that changes how an item is built never serves items built the old way.
ALTER TABLE clothing_items ADD COLUMN item_pb_codec integer;

CREATE OR REPLACE FUNCTION clothing_items_drop_item_pb() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.item_pb IS NOT DISTINCT FROM OLD.item_pb AND NEW.item_pb_codec IS NOT DISTINCT FROM OLD.item_pb_codec THEN
    NEW.item_pb := NULL;
    NEW.item_pb_codec := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE VIEW item_list_rows AS
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
