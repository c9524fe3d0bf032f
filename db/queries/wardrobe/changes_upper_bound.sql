-- The change number that ends a page of at most $3 changes after $2: the
-- page then takes every change up to it, so a page never splits the
-- changes of one number (a deleted item touches several outfits at once).
SELECT max(change_seq) FROM (
  SELECT change_seq FROM (
    SELECT change_seq FROM clothing_items WHERE user_id = $1 AND change_seq > $2
    UNION ALL SELECT change_seq FROM outfits WHERE user_id = $1 AND change_seq > $2
    UNION ALL SELECT change_seq FROM wardrobe_tombstones WHERE user_id = $1 AND change_seq > $2
  ) c ORDER BY change_seq LIMIT $3
) page
