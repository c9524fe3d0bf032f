-- Everything stored about one user, as one JSON document. Later migrations
-- add their tables here.
SELECT jsonb_build_object(
  'account', (SELECT to_jsonb(u) - 'password_hash' - 'email_normalized' - 'username_normalized'
              FROM users u WHERE u.id = $1),
  'sessions', COALESCE((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.created_at)
                        FROM sessions s WHERE s.user_id = $1), '[]'::jsonb),
  'audit_events', COALESCE((SELECT jsonb_agg(to_jsonb(a) ORDER BY a.id)
                            FROM audit_events a WHERE a.user_id = $1), '[]'::jsonb),
  'wardrobe_items', COALESCE((SELECT jsonb_agg(to_jsonb(i) - 'user_id' - 'season_list' - 'occasion_list' - 'tag_list'
                                               - 'create_micros' - 'update_micros' ORDER BY i.created_at)
                              FROM item_rows i WHERE i.user_id = $1), '[]'::jsonb),
  'outfits', COALESCE((SELECT jsonb_agg(to_jsonb(o) - 'user_id' - 'season_list' - 'occasion_list'
                                        - 'create_micros' - 'update_micros' ORDER BY o.created_at)
                       FROM outfit_rows o WHERE o.user_id = $1), '[]'::jsonb),
  'wear_events', COALESCE((SELECT jsonb_agg(to_jsonb(w) - 'user_id' ORDER BY w.worn_date, w.id)
                           FROM wear_events w WHERE w.user_id = $1), '[]'::jsonb),
  'skin_analyses', COALESCE((SELECT jsonb_agg(to_jsonb(s) - 'user_id' - 'photo_key'
                                              || jsonb_build_object('photo_kept', s.photo_key IS NOT NULL)
                                              ORDER BY s.created_at)
                             FROM skin_analyses s WHERE s.user_id = $1), '[]'::jsonb),
  'plans', COALESCE((SELECT jsonb_agg(to_jsonb(p) - 'user_id'
                                      || jsonb_build_object('days',
                                           (SELECT jsonb_agg(to_jsonb(d) - 'user_id' - 'plan_id' ORDER BY d.day)
                                            FROM plan_days d WHERE d.plan_id = p.id))
                                      ORDER BY p.start_date)
                     FROM plans p WHERE p.user_id = $1), '[]'::jsonb),
  'progress_logs', COALESCE((SELECT jsonb_agg(to_jsonb(l) - 'user_id' ORDER BY l.day)
                             FROM progress_logs l WHERE l.user_id = $1), '[]'::jsonb),
  'conversations', COALESCE((SELECT jsonb_agg(to_jsonb(c) - 'user_id'
                                              || jsonb_build_object('messages',
                                                   (SELECT jsonb_agg(to_jsonb(m) - 'user_id' - 'conversation_id' - 'seq'
                                                                     ORDER BY m.created_at, m.id)
                                                    FROM chat_messages m WHERE m.conversation_id = c.id))
                                              ORDER BY c.created_at)
                             FROM conversations c WHERE c.user_id = $1), '[]'::jsonb),
  'style_dna', (SELECT d.profile_json || jsonb_build_object('version', d.version, 'compute_time', d.computed_at)
                FROM style_dna d WHERE d.user_id = $1),
  'item_imports', COALESCE((SELECT jsonb_agg(to_jsonb(i) - 'user_id' ORDER BY i.created_at)
                            FROM item_imports i WHERE i.user_id = $1), '[]'::jsonb)
)::text
