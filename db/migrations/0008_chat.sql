-- Conversations with the stylist assistant and their messages (ChatService).
CREATE TABLE conversations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title         text NOT NULL DEFAULT '',
  message_count integer NOT NULL DEFAULT 0,
  last_preview  text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX conversations_user_active_idx ON conversations (user_id, updated_at DESC, id DESC);

CREATE TABLE chat_messages (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Integer id of an exchange for the legacy REST clients (the assistant
  -- message of each question and answer).
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  conversation_id   uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role              text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  text              text NOT NULL,
  attached_item_ids uuid[] NOT NULL DEFAULT '{}',
  -- Assistant messages: which engine answered, how long it took, tokens.
  engine            text NOT NULL DEFAULT '' CHECK (engine IN ('', 'llm', 'builtin')),
  model_name        text NOT NULL DEFAULT '',
  latency_ms        double precision,
  prompt_tokens     integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  interrupted       boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX chat_messages_conversation_idx ON chat_messages (conversation_id, created_at, id);
CREATE INDEX chat_messages_user_idx ON chat_messages (user_id, created_at);
