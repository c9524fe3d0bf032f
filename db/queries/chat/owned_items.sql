-- How many of the given item ids ($2, a JSON array) are the user's.
SELECT count(*) FROM clothing_items WHERE user_id = $1 AND id IN (SELECT (jsonb_array_elements_text($2::jsonb))::uuid)
