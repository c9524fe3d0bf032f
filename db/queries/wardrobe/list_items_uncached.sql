-- The items of a list page that have no cached message (migration 0019),
-- with their columns and the row version to cache them under.
SELECT * FROM item_list_rows WHERE user_id = $1 AND id = ANY($2::uuid[])
