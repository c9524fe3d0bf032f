-- Stores a computed Style DNA as the next version (1 for the first),
-- no longer stale; answers the version and time stored.
INSERT INTO style_dna (user_id, version, computed_at, profile, profile_json, stale_since)
VALUES ($1, 1, now(), $2, $3::jsonb, NULL)
ON CONFLICT (user_id) DO UPDATE
  SET version = style_dna.version + 1, computed_at = now(), profile = EXCLUDED.profile,
      profile_json = EXCLUDED.profile_json, stale_since = NULL
RETURNING version, (extract(epoch FROM computed_at) * 1000000)::bigint
