-- Accounts, sessions, password resets, API keys, audit log and the
-- notification outbox.

CREATE TABLE users (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Integer id for the legacy REST clients, which use numeric user ids.
  legacy_id           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  email               text,
  email_normalized    text UNIQUE,
  username            text NOT NULL,
  username_normalized text NOT NULL UNIQUE,
  display_name        text NOT NULL DEFAULT '',
  -- NULL for accounts that sign in through an external issuer only.
  password_hash       text,
  role                text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  external_issuer     text,
  external_subject    text,
  style               jsonb NOT NULL DEFAULT '{}'::jsonb,
  body                jsonb NOT NULL DEFAULT '{}'::jsonb,
  privacy             jsonb NOT NULL DEFAULT '{}'::jsonb,
  age                 integer CHECK (age BETWEEN 13 AND 120),
  sex                 text NOT NULL DEFAULT '',
  height_cm           double precision CHECK (height_cm > 0),
  weight_kg           double precision CHECK (weight_kg > 0),
  fitness_goal        text NOT NULL DEFAULT '',
  dietary_preferences text[] NOT NULL DEFAULT '{}',
  allergies           text[] NOT NULL DEFAULT '{}',
  activity_level      text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (external_issuer, external_subject),
  CHECK ((external_issuer IS NULL) = (external_subject IS NULL)),
  CHECK (password_hash IS NOT NULL OR external_issuer IS NOT NULL)
);
CREATE INDEX users_created_idx ON users (created_at, id);

-- One row per signed-in device. A session is also the refresh-token family:
-- reuse of a spent refresh token revokes the session it belongs to.
CREATE TABLE sessions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoke_reason  text,
  user_agent     text NOT NULL DEFAULT '',
  client_address text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Refresh tokens are stored only as SHA-256 hashes.
CREATE TABLE refresh_tokens (
  token_hash bytea PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  spent_at   timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE password_reset_tokens (
  token_hash bytea PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  prefix       text NOT NULL UNIQUE,
  key_hash     bytea NOT NULL,
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Security events. user_id is kept without a foreign key so that the record
-- of an account's deletion outlives the account; it holds no personal data.
CREATE TABLE audit_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at     timestamptz NOT NULL DEFAULT now(),
  event_type     text NOT NULL,
  user_id        uuid,
  client_address text NOT NULL DEFAULT '',
  request_id     text NOT NULL DEFAULT '',
  details        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_user_idx ON audit_events (user_id, id);
CREATE INDEX audit_events_type_idx ON audit_events (event_type, id);

-- Messages to users (password reset links), written in the same transaction
-- as the change that needs them and delivered by a notifier.
CREATE TABLE notification_outbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
  channel    text NOT NULL,
  recipient  text NOT NULL,
  template   text NOT NULL,
  payload    jsonb NOT NULL,
  sent_at    timestamptz
);
