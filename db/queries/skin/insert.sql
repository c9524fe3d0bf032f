-- The owner: a user ($1), or a service key and the app's user ($2, $3).
-- $6: JSON array of the eight probabilities; $9: measurements JSON; $10:
-- JSON array of warnings; $11: the kept photo's blob key, or NULL.
INSERT INTO skin_analyses (user_id, api_key_id, app_user_id, skin_type, skin_type_confidence, conditions, skin_score,
                           recommended_chapter, measurements, quality_issues, photo_key, model_version)
VALUES ($1::uuid, $2::uuid, $3::text, $4, $5, ARRAY(SELECT jsonb_array_elements_text($6::jsonb)::real), $7, $8,
        $9::jsonb, ARRAY(SELECT jsonb_array_elements_text($10::jsonb)), $11, $12)
RETURNING id::text, (extract(epoch FROM created_at) * 1000000)::bigint
