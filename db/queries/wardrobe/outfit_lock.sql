-- Locks one of the caller's outfits for a read-modify-write; its change
-- number is its etag.
SELECT change_seq FROM outfits WHERE id = $1 AND user_id = $2 FOR UPDATE
