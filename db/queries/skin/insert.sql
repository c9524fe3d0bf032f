-- $4: JSON array of the eight probabilities; $7: measurements JSON; $8: JSON
-- array of warnings; $9: the kept photo's blob key, or NULL.
INSERT INTO skin_analyses (user_id, skin_type, skin_type_confidence, conditions, skin_score, recommended_chapter,
                           measurements, quality_issues, photo_key, model_version)
VALUES ($1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)::real), $5, $6, $7::jsonb,
        ARRAY(SELECT jsonb_array_elements_text($8::jsonb)), $9, $10)
RETURNING id::text, (extract(epoch FROM created_at) * 1000000)::bigint
