DELETE FROM skin_analyses WHERE id = $1 AND user_id = $2 RETURNING COALESCE(photo_key, '')
