UPDATE item_imports SET item_id = $3 WHERE source = $1 AND record_id = $2
