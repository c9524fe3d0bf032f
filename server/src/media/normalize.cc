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

}  // namespace stylist::media
