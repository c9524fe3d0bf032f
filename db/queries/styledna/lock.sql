-- Holds the user's stored Style DNA (if any) until the computation saves.
SELECT 1 FROM style_dna WHERE user_id = $1 FOR UPDATE
