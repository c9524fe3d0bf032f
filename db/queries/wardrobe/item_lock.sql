-- Locks one of the caller's items for a read-modify-write.
SELECT id FROM clothing_items WHERE id = $1 AND user_id = $2 FOR UPDATE
