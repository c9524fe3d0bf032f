UPDATE clothing_items
SET wear_count = wear_count + 1,
    last_worn_date = GREATEST(last_worn_date, $3::date),
    change_seq = $4, updated_at = clock_timestamp()
WHERE id = $1 AND user_id = $2
RETURNING id
