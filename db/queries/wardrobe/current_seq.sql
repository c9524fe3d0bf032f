SELECT COALESCE((SELECT seq FROM wardrobe_sync WHERE user_id = $1), 0)
