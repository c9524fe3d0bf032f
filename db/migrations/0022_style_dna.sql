-- Style DNA (Aura, seed 003): one stored profile per user, computed from
-- their items, outfits and wear log. Versioned: each computation adds one.
-- A change to the user's items, outfits or wear events marks it stale; the
-- server's refresher recomputes stale profiles once they have been stale
-- for a while (a burst of edits costs one computation). A computation
-- holds the row (FOR UPDATE) while it reads the wardrobe and saves; the
-- trigger's UPDATE matches the row whether or not it is stale already, so
-- a change made meanwhile waits for that lock and then marks the new
-- version stale: no change is lost.
CREATE TABLE style_dna (
  user_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version      integer NOT NULL CHECK (version > 0),
  computed_at  timestamptz NOT NULL,
  profile      bytea NOT NULL,   -- the stylist.v1.StyleDna message
  profile_json jsonb NOT NULL,   -- the same, for the data export
  stale_since  timestamptz
);
CREATE INDEX style_dna_stale_idx ON style_dna (stale_since) WHERE stale_since IS NOT NULL;

CREATE FUNCTION style_dna_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    owner := OLD.user_id;
  ELSE
    owner := NEW.user_id;
  END IF;
  UPDATE style_dna SET stale_since = coalesce(stale_since, now()) WHERE user_id = owner;
  RETURN NULL;
END
$$;

CREATE TRIGGER clothing_items_style_dna AFTER INSERT OR UPDATE OR DELETE ON clothing_items
  FOR EACH ROW EXECUTE FUNCTION style_dna_mark_stale();
CREATE TRIGGER outfits_style_dna AFTER INSERT OR UPDATE OR DELETE ON outfits
  FOR EACH ROW EXECUTE FUNCTION style_dna_mark_stale();
CREATE TRIGGER wear_events_style_dna AFTER INSERT OR DELETE ON wear_events
  FOR EACH ROW EXECUTE FUNCTION style_dna_mark_stale();
