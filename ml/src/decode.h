// Decoding with limits, shared by every analysis: the format is decided by
// content, the size and the pixel count are checked from the header before
// any decoding, a truncated file is refused (decoders would fill it with
// grey), and the EXIF orientation is applied.
#pragma once

#include <opencv2/core.hpp>

#include <string>

#include "stylist_ml/common.h"

namespace stylist::ml {

// BGR, 8 bits per channel, upright. Throws ImageError saying what is wrong.
cv::Mat DecodeImage(const std::string& encoded, const ImageLimits& limits);

// Scales down (never up) so that the longer side is at most `side`.
cv::Mat FitWithin(const cv::Mat& image, int side);

}  // namespace stylist::ml
