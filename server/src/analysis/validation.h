// Field checks for analysis requests: pure functions that throw ApiError
// naming the field, before an image is analysed or anything is read.
#pragma once

#include <cstdint>
#include <string>

#include "stylist/v1/analysis.pb.h"

namespace stylist::analysis {

// Skin: an image was sent, and a photo is kept only for a signed-in user.
void CheckAnalyzeSkin(const v1::AnalyzeSkinRequest& req, bool signed_in);
void CheckAnalysisId(const std::string& id);
// The page size and the time range (end after start).
void CheckListSkinAnalyses(const v1::ListSkinAnalysesRequest& req);

// Clothing: an inline image within `max_bytes`.
void CheckInlineImage(const std::string& image, std::int64_t max_bytes);
void CheckItemId(const std::string& item_id);
// The metadata message of a chunked upload, before any bytes.
void CheckUploadMetadata(const v1::ImageUploadMetadata& metadata, std::int64_t max_bytes);

}  // namespace stylist::analysis
