-- The owner is a user ($2) or a service key and the app's user ($3, $4).
SELECT id::text, skin_type, skin_type_confidence, to_json(conditions)::text, skin_score, recommended_chapter,
       photo_key IS NOT NULL, model_version, (extract(epoch FROM created_at) * 1000000)::bigint
FROM skin_analyses
WHERE id = $1 AND (user_id = $2::uuid OR (api_key_id = $3::uuid AND app_user_id = $4::text))
