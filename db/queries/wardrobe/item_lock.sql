-- Locks one of the caller's items for a read-modify-write; its change
-- number is its etag.
SELECT change_seq FROM clothing_items WHERE id = $1 AND user_id = $2 FOR UPDATE
