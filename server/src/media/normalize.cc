#include "media/normalize.h"

#include "common/api_error.h"

namespace stylist::media {

ml::NormalizedPhoto NormalizeForStorage(const std::string& bytes, const ml::ImageLimits& limits, const char* field) {
  if (bytes.empty()) throw InvalidArgument(field, "no image bytes were sent");
  try {
    return ml::NormalizePhoto(bytes, limits);
  } catch (const ml::ImageError& e) {
    throw InvalidArgument(field, e.what());
  } catch (const ml::BusyError& e) {
    throw ResourceExhausted(std::string("image decoding is busy, retry with backoff: ") + e.what(), "DECODE_BUSY");
  }
}

void CheckImageMetadata(const v1::ImageUploadMetadata& metadata, std::int64_t max_bytes, const std::string& field,
                        Violations& v) {
  if (metadata.declared_size_bytes() < 0) {
    v.Add(field + ".declared_size_bytes", "must not be negative");
  } else if (metadata.declared_size_bytes() > max_bytes) {
    throw ImageTooLarge(field + ".declared_size_bytes", max_bytes);  // the rest is moot
  }
  if (metadata.file_name().size() > 255) v.Add(field + ".file_name", "must be at most 255 characters");
}

}  // namespace stylist::media
