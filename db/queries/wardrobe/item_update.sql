UPDATE clothing_items SET
  name = $3, category = $4, subcategory = $5, primary_color = $6, secondary_color = $7, pattern = $8,
  material = $9, seasons = ARRAY(SELECT jsonb_array_elements_text($10::jsonb)),
  occasions = ARRAY(SELECT jsonb_array_elements_text($11::jsonb)), formality = $12, brand = $13,
  size = $14, price_currency = $15, price_units = $16, price_nanos = $17, purchase_date = $18::date,
  notes = $19, tags = ARRAY(SELECT jsonb_array_elements_text($20::jsonb)), favorite = $21,
  change_seq = $22, updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2
