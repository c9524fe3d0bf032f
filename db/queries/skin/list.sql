-- Newest first, keyset-paged on (created_at, id). The owner is a user ($1)
-- or a service key and the app's user ($2, $3); $4/$5 the last row seen
-- (NULL for the first page), $6/$7 the optional time range, $8 the limit.
SELECT id::text, skin_type, skin_type_confidence, to_json(conditions)::text, skin_score, recommended_chapter,
       photo_key IS NOT NULL, model_version, (extract(epoch FROM created_at) * 1000000)::bigint
FROM skin_analyses
WHERE (user_id = $1::uuid OR (api_key_id = $2::uuid AND app_user_id = $3::text))
  AND ($4::bigint IS NULL OR (created_at, id) < (to_timestamp($4::bigint / 1000000.0), $5::uuid))
  AND ($6::bigint IS NULL OR created_at >= to_timestamp($6::bigint / 1000000.0))
  AND ($7::bigint IS NULL OR created_at < to_timestamp($7::bigint / 1000000.0))
ORDER BY created_at DESC, id DESC
LIMIT $8
