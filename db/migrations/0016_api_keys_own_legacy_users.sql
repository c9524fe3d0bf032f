-- A service key may be bound to the legacy users it creates: such a key
-- acts for no other user (a bridge for one app cannot read another app's
-- users by walking the integer ids). Users remember the key that made them.
ALTER TABLE api_keys ADD COLUMN own_legacy_users_only boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN created_by_api_key uuid REFERENCES api_keys (id) ON DELETE SET NULL;
