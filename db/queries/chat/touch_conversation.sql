-- After a message: count, preview, activity time, and a title from the
-- first message when there is none.
UPDATE conversations
SET message_count = message_count + 1, last_preview = $3, updated_at = clock_timestamp(),
    title = CASE WHEN title = '' THEN $4 ELSE title END
WHERE id = $1 AND user_id = $2
