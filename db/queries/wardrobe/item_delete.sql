-- Deletes one of the user's items; returns its photo JSON (with the storage
-- keys, for deleting the files after commit), NULL when it had none.
DELETE FROM clothing_items WHERE id = $1 AND user_id = $2 RETURNING photo::text
