-- The newest job of an item, for status and tests.
SELECT status, attempts, last_error FROM analysis_jobs WHERE item_id = $1 ORDER BY id DESC LIMIT 1
