// Decoding for the analyses: every encoded image goes through the gate
// (image.h) and comes out as 8-bit BGR, upright.
#pragma once

#include <opencv2/core.hpp>

#include <string>

#include "codecs.h"
#include "stylist_ml/common.h"

namespace stylist::ml {

// The image and its share of the decode budget, held while the image is.
struct DecodedImage {
  cv::Mat bgr;
  DecodeLease lease;
};

// Throws ImageError saying what is wrong, BusyError when the decode budget
// stays full.
DecodedImage DecodeImage(const std::string& encoded, const ImageLimits& limits);

// For the analyses: as DecodeImage, and refused (ImageError) when a side is
// under kMinAnalysisSide pixels, where the garment cut and the colour
// and pattern measures have nothing to work on.
inline constexpr int kMinAnalysisSide = 32;
DecodedImage DecodeForAnalysis(const std::string& encoded, const ImageLimits& limits);

// Scales down (never up) so that the longer side is at most `side`.
cv::Mat FitWithin(const cv::Mat& image, int side);

}  // namespace stylist::ml
