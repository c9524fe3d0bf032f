-- Skin analyses (Skin Chapters): the result of each analysis a signed-in
-- user asked for, so that progress over weeks can be shown. The face photo
-- is kept (photo_key) only when the user asked for it.
CREATE TABLE skin_analyses (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  skin_type            text NOT NULL
                       CHECK (skin_type IN ('oily', 'dry', 'normal', 'combination', 'wrinkly', 'sensitive')),
  skin_type_confidence real NOT NULL CHECK (skin_type_confidence BETWEEN 0 AND 1),
  -- The eight condition probabilities in SkinCondition order.
  conditions           real[] NOT NULL CHECK (cardinality(conditions) = 8),
  skin_score           integer NOT NULL CHECK (skin_score BETWEEN 0 AND 100),
  recommended_chapter  integer NOT NULL CHECK (recommended_chapter BETWEEN 1 AND 7),
  -- The raw image measurements behind the scores.
  measurements         jsonb NOT NULL,
  -- Quality warnings that did not block the analysis (several faces).
  quality_issues       text[] NOT NULL DEFAULT '{}',
  photo_key            text,
  model_version        text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX skin_analyses_user_time_idx ON skin_analyses (user_id, created_at DESC, id DESC);
