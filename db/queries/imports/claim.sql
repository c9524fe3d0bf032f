-- Records a source row as imported for user $3; no row back when it was
-- imported before.
INSERT INTO item_imports (source, record_id, user_id)
VALUES ($1, $2, $3)
ON CONFLICT (source, record_id) DO NOTHING
RETURNING record_id
