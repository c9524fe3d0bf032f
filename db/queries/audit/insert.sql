-- $1 event_type, $2 user_id (NULL allowed), $3 client_address, $4 request_id, $5 details json
INSERT INTO audit_events (event_type, user_id, client_address, request_id, details)
VALUES ($1, $2::uuid, $3, $4, $5::jsonb)
