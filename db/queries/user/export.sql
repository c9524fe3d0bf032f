-- Everything stored about one user, as one JSON document. Later migrations
-- add their tables here.
SELECT jsonb_build_object(
  'account', (SELECT to_jsonb(u) - 'password_hash' - 'email_normalized' - 'username_normalized'
              FROM users u WHERE u.id = $1),
  'sessions', COALESCE((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.created_at)
                        FROM sessions s WHERE s.user_id = $1), '[]'::jsonb),
  'audit_events', COALESCE((SELECT jsonb_agg(to_jsonb(a) ORDER BY a.id)
                            FROM audit_events a WHERE a.user_id = $1), '[]'::jsonb)
)::text
