-- Every stored blob of a user, for erasure with the account.
SELECT photo->>'storage_key', photo->>'thumbnail_key' FROM clothing_items
WHERE user_id = $1 AND photo IS NOT NULL
