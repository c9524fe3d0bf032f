SELECT count(*) FROM outfits WHERE user_id = $1
