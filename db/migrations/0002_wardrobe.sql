-- Wardrobe: clothing items, outfits, wear log, and the change log that
-- device sync (ListChanges) reads.

-- Per-user change counter. Every wardrobe write takes the next number under
-- this row's lock, so a user's changes are numbered in commit order and a
-- sync cursor never skips a change committed late.
CREATE TABLE wardrobe_sync (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  seq     bigint NOT NULL DEFAULT 0
);

CREATE TABLE clothing_items (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Integer id for the legacy REST clients (legacy "images" are items).
  legacy_id       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name            text NOT NULL DEFAULT '',
  category        text NOT NULL DEFAULT '',
  subcategory     text NOT NULL DEFAULT '',
  primary_color   text NOT NULL DEFAULT '',
  secondary_color text NOT NULL DEFAULT '',
  pattern         text NOT NULL DEFAULT '',
  material        text NOT NULL DEFAULT '',
  seasons         text[] NOT NULL DEFAULT '{}',
  occasions       text[] NOT NULL DEFAULT '{}',
  formality       text NOT NULL DEFAULT '',
  brand           text NOT NULL DEFAULT '',
  size            text NOT NULL DEFAULT '',
  price_currency  text,
  price_units     bigint,
  price_nanos     integer,
  purchase_date   date,
  notes           text NOT NULL DEFAULT '',
  tags            text[] NOT NULL DEFAULT '{}',
  favorite        boolean NOT NULL DEFAULT false,
  wear_count      integer NOT NULL DEFAULT 0 CHECK (wear_count >= 0),
  last_worn_date  date,
  -- The stored photo (storage keys are internal, never sent to clients).
  photo           jsonb,
  analysis        jsonb,
  analysis_status text NOT NULL DEFAULT 'no_photo',
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  change_seq      bigint NOT NULL
);
CREATE INDEX clothing_items_user_created_idx ON clothing_items (user_id, created_at, id);
CREATE INDEX clothing_items_user_change_idx ON clothing_items (user_id, change_seq);

CREATE TABLE outfits (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name           text NOT NULL DEFAULT '',
  occasions      text[] NOT NULL DEFAULT '{}',
  seasons        text[] NOT NULL DEFAULT '{}',
  formality      text NOT NULL DEFAULT '',
  notes          text NOT NULL DEFAULT '',
  tags           text[] NOT NULL DEFAULT '{}',
  favorite       boolean NOT NULL DEFAULT false,
  source         text NOT NULL DEFAULT 'user',
  wear_count     integer NOT NULL DEFAULT 0 CHECK (wear_count >= 0),
  last_worn_date date,
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  change_seq     bigint NOT NULL
);
CREATE INDEX outfits_user_created_idx ON outfits (user_id, created_at, id);
CREATE INDEX outfits_user_change_idx ON outfits (user_id, change_seq);

-- The items of an outfit, in order. Deleting an item removes it from its
-- outfits (and the item deletion bumps those outfits' change_seq).
CREATE TABLE outfit_items (
  outfit_id uuid NOT NULL REFERENCES outfits (id) ON DELETE CASCADE,
  item_id   uuid NOT NULL REFERENCES clothing_items (id) ON DELETE CASCADE,
  position  integer NOT NULL,
  PRIMARY KEY (outfit_id, item_id)
);
CREATE INDEX outfit_items_item_idx ON outfit_items (item_id);

CREATE TABLE wear_events (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  item_id    uuid NOT NULL REFERENCES clothing_items (id) ON DELETE CASCADE,
  outfit_id  uuid REFERENCES outfits (id) ON DELETE SET NULL,
  worn_date  date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX wear_events_user_date_idx ON wear_events (user_id, worn_date DESC, id DESC);
CREATE INDEX wear_events_item_idx ON wear_events (item_id);

-- Deletions, for sync: a device that was offline learns what to drop.
CREATE TABLE wardrobe_tombstones (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('item', 'outfit')),
  object_id  uuid NOT NULL,
  change_seq bigint NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (user_id, change_seq)
);

-- The API shape of an item row, read by every item query.
CREATE VIEW item_rows AS
SELECT i.id, i.user_id, i.name, i.category, i.subcategory, i.primary_color,
       i.secondary_color, i.pattern, i.material, to_json(i.seasons)::text AS seasons,
       to_json(i.occasions)::text AS occasions, i.formality, i.brand, i.size, i.price_currency,
       i.price_units, i.price_nanos, to_char(i.purchase_date, 'YYYY-MM-DD') AS purchase_date, i.notes,
       to_json(i.tags)::text AS tags, i.favorite, i.wear_count,
       to_char(i.last_worn_date, 'YYYY-MM-DD') AS last_worn_date,
       (i.photo - 'storage_key' - 'thumbnail_key')::text AS photo, i.analysis::text AS analysis,
       i.analysis_status, (extract(epoch FROM i.created_at) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM i.updated_at) * 1000000)::bigint AS update_micros, i.change_seq,
       i.created_at, i.updated_at, i.legacy_id,
       -- Raw columns for filters.
       i.seasons AS season_list, i.occasions AS occasion_list, i.tags AS tag_list
FROM clothing_items i;

CREATE VIEW outfit_rows AS
SELECT o.id, o.user_id, o.name, to_json(o.occasions)::text AS occasions,
       to_json(o.seasons)::text AS seasons, o.formality, o.notes, to_json(o.tags)::text AS tags,
       o.favorite, o.source, o.wear_count, to_char(o.last_worn_date, 'YYYY-MM-DD') AS last_worn_date,
       (SELECT COALESCE(json_agg(oi.item_id::text ORDER BY oi.position), '[]'::json)::text
        FROM outfit_items oi WHERE oi.outfit_id = o.id) AS item_ids,
       (extract(epoch FROM o.created_at) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM o.updated_at) * 1000000)::bigint AS update_micros, o.change_seq,
       o.created_at, o.updated_at,
       o.seasons AS season_list, o.occasions AS occasion_list
FROM outfits o;
