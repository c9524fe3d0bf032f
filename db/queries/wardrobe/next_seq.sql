-- The next change number of a user's wardrobe; locks the counter row until
-- commit, so changes are numbered in commit order.
INSERT INTO wardrobe_sync (user_id, seq) VALUES ($1, 1)
ON CONFLICT (user_id) DO UPDATE SET seq = wardrobe_sync.seq + 1
RETURNING seq
