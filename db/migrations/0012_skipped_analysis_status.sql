-- Photos uploaded with skip_analysis were stored with an empty analysis
-- status (read as UNSPECIFIED); they now say SKIPPED, or DONE where an
-- analysis is on the row.
UPDATE clothing_items
SET analysis_status = CASE WHEN photo IS NULL THEN 'no_photo' WHEN analysis IS NOT NULL THEN 'done' ELSE 'skipped' END
WHERE analysis_status = '';
