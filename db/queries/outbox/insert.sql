INSERT INTO notification_outbox (user_id, channel, recipient, template, payload)
VALUES ($1::uuid, $2, $3, $4, $5::jsonb)
RETURNING id
