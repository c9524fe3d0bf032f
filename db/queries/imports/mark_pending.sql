-- An imported item waits for its photo, then for its analysis.
UPDATE clothing_items SET analysis_status = 'pending' WHERE id = $1
