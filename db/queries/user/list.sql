-- Keyset pagination on (created_at, id). $1/$2: the last row seen (NULLs for the first page).
SELECT id::text, COALESCE(email, ''), username, role,
       (extract(epoch FROM created_at) * 1000000)::bigint, external_issuer IS NOT NULL,
       created_at::text
FROM users
WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
ORDER BY created_at, id
LIMIT $3
