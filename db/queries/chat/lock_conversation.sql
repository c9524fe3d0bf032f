-- The conversation of a new turn, locked so that turns are stored in order.
SELECT title FROM conversations WHERE id = $1 AND user_id = $2 FOR UPDATE
