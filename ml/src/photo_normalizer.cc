// Stored photos: decoded through the gate (which also proves the bytes are
// an image, turns it upright and composites alpha onto white), scaled down
// when huge, and re-encoded as baseline JPEG, which drops every metadata
// block (EXIF, GPS, XMP, ICC, comments). Plus a small thumbnail.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <vector>

#include "decode.h"
#include "stylist_ml/image.h"

namespace stylist::ml {
namespace {

std::string EncodeJpeg(const cv::Mat& image, int quality) {
  std::vector<uchar> out;
  const std::vector<int> params = {cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_OPTIMIZE, 1};
  if (!cv::imencode(".jpg", image, out, params)) throw std::runtime_error("JPEG encoding failed");
  return std::string(out.begin(), out.end());
}

}  // namespace

NormalizedPhoto NormalizePhoto(const std::string& encoded, const ImageLimits& limits) {
  const DecodedImage decoded = DecodeImage(encoded, limits);
  const cv::Mat image = FitWithin(decoded.bgr, kMaxStoredSide);
  NormalizedPhoto out;
  out.width = image.cols;
  out.height = image.rows;
  out.jpeg = EncodeJpeg(image, 90);
  out.thumbnail_jpeg = EncodeJpeg(FitWithin(image, kThumbnailSide), 80);
  return out;
}

}  // namespace stylist::ml
