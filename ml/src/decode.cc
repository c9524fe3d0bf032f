#include "decode.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "media/image_format.h"

namespace stylist::ml {

cv::Mat DecodeImage(const std::string& encoded, const ImageLimits& limits) {
  if (encoded.empty()) throw ImageError("the image is empty");
  if (static_cast<std::int64_t>(encoded.size()) > limits.max_bytes) {
    throw ImageError("the image is larger than the limit of " + std::to_string(limits.max_bytes) + " bytes");
  }
  const media::ImageFormat format = media::SniffFormat(encoded);
  if (format == media::ImageFormat::kUnknown) throw ImageError("not a JPEG, PNG or WebP image");
  const auto dims = media::PeekDimensions(format, encoded);
  if (!dims) throw ImageError("the image header is incomplete or malformed");
  if (dims->width <= 0 || dims->height <= 0 || dims->width * dims->height > limits.max_pixels) {
    throw ImageError("the image is " + std::to_string(dims->width) + "x" + std::to_string(dims->height) +
                     " pixels; at most " + std::to_string(limits.max_pixels) + " pixels are accepted");
  }
  if (!media::LooksComplete(format, encoded)) throw ImageError("the image is truncated");
  const cv::Mat raw(1, static_cast<int>(encoded.size()), CV_8UC1, const_cast<char*>(encoded.data()));
  cv::Mat image;
  try {
    // IMREAD_COLOR applies the EXIF orientation.
    image = cv::imdecode(raw, cv::IMREAD_COLOR);
  } catch (const cv::Exception&) {
    image.release();
  }
  if (image.empty()) throw ImageError("the image does not decode");
  return image;
}

cv::Mat FitWithin(const cv::Mat& image, int side) {
  const double scale = static_cast<double>(side) / std::max(image.cols, image.rows);
  if (scale >= 1) return image;
  cv::Mat out;
  cv::resize(image, out, cv::Size(), scale, scale, cv::INTER_AREA);
  return out;
}

}  // namespace stylist::ml
