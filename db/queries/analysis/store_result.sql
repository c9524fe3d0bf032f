-- Stores an analysis on the item if the item still has the analysed photo
-- ($3 as JSON, $6 the same message serialised), and copies its confident
-- predictions into the item's own fields: $8 category, $9 subcategory (the
-- garment type), $10 and $11 colours, $12 pattern, each '' where the model
-- was unsure or found nothing. With $7 (overwrite) every predicted field is
-- replaced, without it only the empty ones are filled.
UPDATE clothing_items SET analysis = $3::jsonb, analysis_pb = $6, analysis_status = 'done', change_seq = $5,
       category = CASE WHEN $8::text <> '' AND ($7::boolean OR category = '') THEN $8::text ELSE category END,
       subcategory = CASE WHEN $9::text <> '' AND ($7::boolean OR subcategory = '') THEN $9::text ELSE subcategory END,
       primary_color = CASE WHEN $10::text <> '' AND ($7::boolean OR primary_color = '') THEN $10::text
                            ELSE primary_color END,
       secondary_color = CASE WHEN $11::text <> '' AND ($7::boolean OR secondary_color = '') THEN $11::text
                              ELSE secondary_color END,
       pattern = CASE WHEN $12::text <> '' AND ($7::boolean OR pattern = '') THEN $12::text ELSE pattern END,
       updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2 AND photo->>'sha256' = $4
RETURNING id
