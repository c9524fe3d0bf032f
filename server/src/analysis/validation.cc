#include "analysis/validation.h"

#include <google/protobuf/util/time_util.h>

#include "common/api_error.h"
#include "common/ids.h"
#include "media/normalize.h"

namespace stylist::analysis {

void CheckAnalyzeSkin(const v1::AnalyzeSkinRequest& req, bool signed_in) {
  if (req.image().empty()) throw InvalidArgument("image", "no image bytes were sent");
  if (req.has_keep_photo() && req.keep_photo() && !signed_in) {
    throw InvalidArgument("keep_photo", "photos are kept only for a signed-in user");
  }
}

void CheckAnalysisId(const std::string& id) {
  if (!IsUuid(id)) throw InvalidArgument("analysis_id", "must be an analysis id from AnalyzeSkin or ListSkinAnalyses");
}

void CheckListSkinAnalyses(const v1::ListSkinAnalysesRequest& req) {
  using google::protobuf::util::TimeUtil;
  Violations v;
  if (req.page_size() < 0) v.Add("page_size", "must not be negative");
  if (req.has_start_time() && req.has_end_time() &&
      TimeUtil::TimestampToMicroseconds(req.start_time()) >= TimeUtil::TimestampToMicroseconds(req.end_time())) {
    v.Add("end_time", "must be after start_time");
  }
  v.ThrowIfAny();
}

void CheckInlineImage(const std::string& image, std::int64_t max_bytes) {
  if (static_cast<std::int64_t>(image.size()) > max_bytes) {
    throw ImageTooLarge("image", max_bytes);
  }
}

void CheckItemId(const std::string& item_id) {
  Violations v;
  CheckId(item_id, "item_id", v);
  v.ThrowIfAny();
}

void CheckUploadMetadata(const v1::ImageUploadMetadata& metadata, std::int64_t max_bytes) {
  Violations v;
  media::CheckImageMetadata(metadata, max_bytes, "metadata", v);
  v.ThrowIfAny();
}

}  // namespace stylist::analysis
