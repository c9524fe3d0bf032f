-- Newest first, keyset-paged on (created_at, id): $2/$3 the last row seen
-- (NULL for the first page), $4/$5 the optional time range, $6 the limit.
SELECT id::text, skin_type, skin_type_confidence, to_json(conditions)::text, skin_score, recommended_chapter,
       photo_key IS NOT NULL, model_version, (extract(epoch FROM created_at) * 1000000)::bigint
FROM skin_analyses
WHERE user_id = $1
  AND ($2::bigint IS NULL OR (created_at, id) < (to_timestamp($2::bigint / 1000000.0), $3::uuid))
  AND ($4::bigint IS NULL OR created_at >= to_timestamp($4::bigint / 1000000.0))
  AND ($5::bigint IS NULL OR created_at < to_timestamp($5::bigint / 1000000.0))
ORDER BY created_at DESC, id DESC
LIMIT $6
