-- Fills the missing binary copies of one row locked by copies_missing ($2 the
-- PhotoInfo, $3 the ClothingAnalysis, serialised; each used only where its
-- copy is missing). Neither change_seq nor updated_at moves: what clients
-- read is the same.
UPDATE clothing_items
SET photo_pb = CASE WHEN photo IS NOT NULL AND photo_pb IS NULL THEN $2 ELSE photo_pb END,
    analysis_pb = CASE WHEN analysis IS NOT NULL AND analysis_pb IS NULL THEN $3 ELSE analysis_pb END
WHERE id = $1::uuid
