-- $2.. are the item's attributes in the order of item_update.sql; arrays
-- arrive as JSON arrays of strings.
INSERT INTO clothing_items (
  user_id, name, category, subcategory, primary_color, secondary_color, pattern, material, seasons,
  occasions, formality, brand, size, price_currency, price_units, price_nanos, purchase_date, notes,
  tags, favorite, change_seq)
VALUES (
  $1, $2, $3, $4, $5, $6, $7, $8, ARRAY(SELECT jsonb_array_elements_text($9::jsonb)),
  ARRAY(SELECT jsonb_array_elements_text($10::jsonb)), $11, $12, $13, $14, $15, $16, $17::date, $18,
  ARRAY(SELECT jsonb_array_elements_text($19::jsonb)), $20, $21)
RETURNING id
