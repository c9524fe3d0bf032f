// Turns an uploaded photo into what is stored: decoded (which also proves it
// is an image), turned upright by its EXIF orientation, flattened onto white
// when it has transparency, scaled down when huge, and re-encoded as a
// baseline JPEG, which drops every metadata block (EXIF, GPS, XMP, ICC
// comments). Plus a small thumbnail. The only file that includes OpenCV.
#pragma once

#include <string>

namespace stylist::media {

struct NormalizedPhoto {
  std::string jpeg;
  int width = 0;
  int height = 0;
  std::string thumbnail_jpeg;
};

inline constexpr int kMaxStoredSide = 4096;
inline constexpr int kThumbnailSide = 320;

// Throws ApiError(INVALID_ARGUMENT) when the bytes do not decode.
NormalizedPhoto NormalizePhoto(const std::string& bytes);

}  // namespace stylist::media
