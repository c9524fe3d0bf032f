#include "media/photo_normalizer.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

#include "common/api_error.h"

namespace stylist::media {
namespace {

cv::Mat FitWithin(const cv::Mat& image, int max_side) {
  const int longest = std::max(image.cols, image.rows);
  if (longest <= max_side) return image;
  const double scale = static_cast<double>(max_side) / longest;
  cv::Mat out;
  cv::resize(image, out, cv::Size(), scale, scale, cv::INTER_AREA);
  return out;
}

std::string EncodeJpeg(const cv::Mat& image, int quality) {
  std::vector<uchar> out;
  const std::vector<int> params = {cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_OPTIMIZE, 1};
  if (!cv::imencode(".jpg", image, out, params)) throw std::runtime_error("JPEG encoding failed");
  return std::string(out.begin(), out.end());
}

// 8-bit BGR, with any alpha channel composited onto white.
cv::Mat ToBgr8(const cv::Mat& decoded) {
  cv::Mat image = decoded;
  if (image.depth() != CV_8U) {
    cv::Mat scaled;
    image.convertTo(scaled, CV_8U, image.depth() == CV_16U ? 1.0 / 257.0 : 1.0);
    image = scaled;
  }
  if (image.channels() == 1) {
    cv::Mat bgr;
    cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
    return bgr;
  }
  if (image.channels() == 4) {
    cv::Mat bgr(image.size(), CV_8UC3);
    for (int y = 0; y < image.rows; ++y) {
      const auto* src = image.ptr<cv::Vec4b>(y);
      auto* dst = bgr.ptr<cv::Vec3b>(y);
      for (int x = 0; x < image.cols; ++x) {
        const int a = src[x][3];
        for (int c = 0; c < 3; ++c) dst[x][c] = static_cast<uchar>((src[x][c] * a + 255 * (255 - a)) / 255);
      }
    }
    return bgr;
  }
  return image;
}

}  // namespace

NormalizedPhoto NormalizePhoto(const std::string& bytes) {
  const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
  cv::Mat decoded;
  try {
    // IMREAD_ANYCOLOR | IMREAD_ANYDEPTH keeps alpha and 16-bit PNGs;
    // orientation from EXIF is applied (IMREAD_IGNORE_ORIENTATION not set)
    // for JPEG. IMREAD_UNCHANGED would skip the orientation, so alpha is
    // read this way only for PNG and WebP.
    const bool jpeg = bytes.size() > 2 && static_cast<unsigned char>(bytes[0]) == 0xFF;
    decoded = cv::imdecode(raw, jpeg ? cv::IMREAD_COLOR : cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception&) {
    decoded.release();
  }
  if (decoded.empty() || decoded.cols <= 0 || decoded.rows <= 0) {
    throw InvalidArgument("chunk", "the file is not a readable image (damaged or truncated?)");
  }
  const cv::Mat image = FitWithin(ToBgr8(decoded), kMaxStoredSide);
  NormalizedPhoto out;
  out.width = image.cols;
  out.height = image.rows;
  out.jpeg = EncodeJpeg(image, 90);
  out.thumbnail_jpeg = EncodeJpeg(FitWithin(image, kThumbnailSide), 80);
  return out;
}

}  // namespace stylist::media
