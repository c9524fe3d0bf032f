-- Positions (1-based) in a JSON array of item ids that are not items of
-- user $1: unknown ids and other users' ids look the same.
SELECT x.ord FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY AS x(id, ord)
WHERE NOT EXISTS (SELECT 1 FROM clothing_items i WHERE i.id = x.id::uuid AND i.user_id = $1)
ORDER BY x.ord
