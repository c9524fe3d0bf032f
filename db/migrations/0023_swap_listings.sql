-- The swap market (Aura, seed 003): listings users make from their own
-- items. An item has at most one active listing; deleting the item (or the
-- account) deletes its listings.
CREATE TABLE swap_listings (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  item_id        uuid NOT NULL REFERENCES clothing_items (id) ON DELETE CASCADE,
  title          text NOT NULL CHECK (length(title) BETWEEN 3 AND 80),
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  price_currency text NOT NULL CHECK (price_currency ~ '^[A-Z]{3}$'),
  price_units    bigint NOT NULL CHECK (price_units BETWEEN 0 AND 100000),
  price_nanos    integer NOT NULL CHECK (price_nanos BETWEEN 0 AND 999999999),
  size           text NOT NULL CHECK (length(size) BETWEEN 1 AND 20),
  condition      text NOT NULL,
  category       text NOT NULL DEFAULT '',
  tags           jsonb NOT NULL DEFAULT '[]'::jsonb,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX swap_listings_one_active_per_item ON swap_listings (item_id) WHERE status = 'active';
-- Browsing: active listings newest first (filters narrow the scan).
CREATE INDEX swap_listings_active_idx ON swap_listings (created_at DESC, id DESC) WHERE status = 'active';
CREATE INDEX swap_listings_user_idx ON swap_listings (user_id, created_at DESC, id DESC);
