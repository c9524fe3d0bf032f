-- The owner is a user ($2) or a service key and the app's user ($3, $4).
DELETE FROM skin_analyses
WHERE id = $1 AND (user_id = $2::uuid OR (api_key_id = $3::uuid AND app_user_id = $4::text))
RETURNING COALESCE(photo_key, '')
