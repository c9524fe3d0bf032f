-- Scoped service API keys: each key holds the scopes it was created with
-- (admin, legacy, analysis) and may expire. Keys made before this migration
-- were full admins and keep the admin scope, so no deployment breaks;
-- replace them with narrower keys (README, "Service API keys").
ALTER TABLE api_keys
  ADD COLUMN scopes text[] NOT NULL DEFAULT '{admin}',
  ADD COLUMN expires_at timestamptz,
  ADD CONSTRAINT api_keys_scopes_known CHECK (scopes <@ ARRAY['admin', 'legacy', 'analysis'] AND cardinality(scopes) > 0);
-- New keys must say their scopes.
ALTER TABLE api_keys ALTER COLUMN scopes DROP DEFAULT;
