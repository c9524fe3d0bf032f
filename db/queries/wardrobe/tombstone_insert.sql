INSERT INTO wardrobe_tombstones (user_id, kind, object_id, change_seq) VALUES ($1, $2, $3, $4)
