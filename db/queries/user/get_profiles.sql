-- The profiles of many accounts in one statement: concurrent GetProfile calls
-- share it (user::ProfileService batches them). $1: a text array of ids.
-- The columns of get_profile, in its order.
SELECT id::text, email, username, display_name, role, CASE WHEN profile_pb IS NULL THEN style::text END, CASE WHEN profile_pb IS NULL THEN body::text END, CASE WHEN profile_pb IS NULL THEN privacy::text END, age, sex, height_cm, weight_kg, fitness_goal, to_json(dietary_preferences)::text, to_json(allergies)::text, activity_level, (extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint, profile_pb
FROM users WHERE id = ANY($1::uuid[])
