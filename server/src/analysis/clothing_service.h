// AnalysisService's clothing half: tags a photo sent inline (unary or in
// chunks) or one of the caller's wardrobe photos, without storing anything.
// The wardrobe's analysis queue runs the same ClothingAnalyzer.
#pragma once

#include "analysis/clothing_analyzer.h"
#include "analysis/deps.h"
#include "auth/principal.h"
#include "stylist/v1/analysis.pb.h"

namespace stylist::analysis {

class ClothingService {
 public:
  // Wardrobe photos are found through `deps.item_photos` and read from
  // `deps.blobs`; inline images larger than `max_bytes` are refused.
  ClothingService(Deps deps, ClothingAnalyzer& analyzer, std::int64_t max_bytes)
      : d_(deps), analyzer_(analyzer), max_bytes_(max_bytes) {}

  void AnalyzeClothing(const CallContext& call, const v1::AnalyzeClothingRequest& req,
                       v1::AnalyzeClothingResponse* resp);
  // The metadata message of UploadAndAnalyzeClothing, before any bytes.
  void CheckUpload(const CallContext& call, const v1::ImageUploadMetadata& metadata);
  v1::ClothingAnalysis AnalyzeBytes(const std::string& bytes, const std::string& field);

 private:
  Deps d_;
  ClothingAnalyzer& analyzer_;
  const std::int64_t max_bytes_;
};

}  // namespace stylist::analysis
