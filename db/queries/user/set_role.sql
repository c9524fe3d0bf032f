UPDATE users SET role = $2, updated_at = now() WHERE id = $1
RETURNING id::text, COALESCE(email, ''), username, role,
          (extract(epoch FROM created_at) * 1000000)::bigint, external_issuer IS NOT NULL
