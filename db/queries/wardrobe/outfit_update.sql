UPDATE outfits SET
  name = $3, occasions = ARRAY(SELECT jsonb_array_elements_text($4::jsonb)),
  seasons = ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), formality = $6, notes = $7,
  tags = ARRAY(SELECT jsonb_array_elements_text($8::jsonb)), favorite = $9, change_seq = $10,
  updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2
