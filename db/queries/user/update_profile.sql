-- Writes every editable profile column; the service merged the field mask.
-- $16: style, body and privacy as a serialised Profile (profile_pb).
UPDATE users SET
  username = $2, username_normalized = $3, display_name = $4,
  style = $5::jsonb, body = $6::jsonb, privacy = $7::jsonb, profile_pb = $16,
  age = $8, sex = $9, height_cm = $10, weight_kg = $11, fitness_goal = $12,
  dietary_preferences = ARRAY(SELECT jsonb_array_elements_text($13::jsonb)),
  allergies = ARRAY(SELECT jsonb_array_elements_text($14::jsonb)),
  activity_level = $15,
  updated_at = clock_timestamp()
WHERE id = $1
RETURNING id::text, email, username, display_name, role, CASE WHEN profile_pb IS NULL THEN style::text END, CASE WHEN profile_pb IS NULL THEN body::text END, CASE WHEN profile_pb IS NULL THEN privacy::text END, age, sex, height_cm, weight_kg, fitness_goal, to_json(dietary_preferences)::text, to_json(allergies)::text, activity_level, (extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint, profile_pb
