INSERT INTO outfits (user_id, name, occasions, seasons, formality, notes, tags, favorite, source, change_seq)
VALUES ($1, $2, ARRAY(SELECT jsonb_array_elements_text($3::jsonb)),
        ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), $5, $6,
        ARRAY(SELECT jsonb_array_elements_text($7::jsonb)), $8, $9, $10)
RETURNING id
