-- The user's stored Style DNA: the message, its version and time.
SELECT profile, version, (extract(epoch FROM computed_at) * 1000000)::bigint FROM style_dna WHERE user_id = $1
