-- Kept face photos of a user, for erasure with the account.
SELECT photo_key FROM skin_analyses WHERE user_id = $1 AND photo_key IS NOT NULL
