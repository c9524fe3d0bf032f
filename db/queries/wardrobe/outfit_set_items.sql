-- Adds the JSON array of item ids $2 to outfit $1, in order (after
-- outfit_clear_items).
INSERT INTO outfit_items (outfit_id, item_id, position)
SELECT $1, x.id::uuid, x.ord FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY AS x(id, ord)
