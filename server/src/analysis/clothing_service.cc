#include "analysis/clothing_service.h"

#include "analysis/validation.h"
#include "common/api_error.h"

namespace stylist::analysis {

v1::ClothingAnalysis ClothingService::AnalyzeBytes(const std::string& bytes, const std::string& field) {
  if (bytes.empty()) throw InvalidArgument(field, "no image bytes were sent");
  try {
    return analyzer_.Analyze(bytes);
  } catch (const ApiError& e) {
    // The analyzer names the image generically; name the request's field
    // (with the analyzer's description, not its "image: "-prefixed text).
    if (e.code() == grpc::StatusCode::INVALID_ARGUMENT && e.violations().size() == 1) {
      throw InvalidArgument(field, e.violations().front().description);
    }
    throw;
  } catch (const AnalyzerError& e) {
    throw Unavailable(std::string("clothing analysis is unavailable: ") + e.what());
  }
}

void ClothingService::AnalyzeClothing(const CallContext& call, const v1::AnalyzeClothingRequest& req,
                                      v1::AnalyzeClothingResponse* resp) {
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kPhotoAnalysis);
  switch (req.source_case()) {
    case v1::AnalyzeClothingRequest::kImage:
      CheckInlineImage(req.image(), max_bytes_);
      *resp->mutable_analysis() = AnalyzeBytes(req.image(), "image");
      return;
    case v1::AnalyzeClothingRequest::kItemId: {
      if (call.principal.kind != Principal::Kind::kUser) {
        throw PermissionDenied("item_id names a wardrobe item: it needs a signed-in user, not a service key");
      }
      CheckItemId(req.item_id());
      const ItemPhotos::PhotoKey photo = d_.item_photos.PhotoKeyOf(call.principal.user_id, req.item_id());
      if (!photo.item_exists) throw NotFound("no such item");
      if (!photo.storage_key) throw FailedPrecondition("this item has no photo to analyse; upload one first");
      auto bytes = d_.blobs.Get(*photo.storage_key);
      if (!bytes) throw ApiError(grpc::StatusCode::DATA_LOSS, "the stored photo is missing");
      *resp->mutable_analysis() = AnalyzeBytes(*bytes, "item_id");
      return;
    }
    case v1::AnalyzeClothingRequest::SOURCE_NOT_SET:
      break;
  }
  throw InvalidArgument("source", "give either image (the photo's bytes) or item_id");
}

void ClothingService::CheckUpload(const CallContext& call, const v1::ImageUploadMetadata& metadata) {
  CheckUploadMetadata(metadata, max_bytes_);
  // Before any byte of the photo is taken.
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kPhotoAnalysis);
}

}  // namespace stylist::analysis
