-- The account's privacy choice for face photos (off unless set).
SELECT COALESCE((privacy->>'keep_skin_photos')::boolean, false) FROM users WHERE id = $1
