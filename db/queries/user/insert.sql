-- $1 email, $2 email_normalized, $3 username, $4 username_normalized,
-- $5 display_name, $6 password_hash
INSERT INTO users (email, email_normalized, username, username_normalized, display_name, password_hash)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id::text, email, username, display_name, role, CASE WHEN profile_pb IS NULL THEN style::text END, CASE WHEN profile_pb IS NULL THEN body::text END, CASE WHEN profile_pb IS NULL THEN privacy::text END, age, sex, height_cm, weight_kg, fitness_goal, to_json(dietary_preferences)::text, to_json(allergies)::text, activity_level, (extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint, profile_pb
