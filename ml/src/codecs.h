// The decoders behind the image gate (image.h), one per format, each built
// on the format's own library. A decoder reads the header with the same
// library state it then decodes with, checks the limits and reserves the
// decode memory before it allocates any pixels, and answers 8-bit BGR,
// upright, alpha composited onto white.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "stylist_ml/image.h"

namespace stylist::ml {

// Header readers: nullopt while `data` is too short; ImageError when the
// header is malformed.
std::optional<ImageHeader> ReadJpegHeader(std::string_view data);
std::optional<ImageHeader> ReadPngHeader(std::string_view data);
std::optional<ImageHeader> ReadWebpHeader(std::string_view data);

// Decoders of a whole file. They throw ImageError (limits, truncation, bad
// data) or BusyError (budget).
cv::Mat DecodeJpeg(std::string_view data, const ImageLimits& limits, DecodeLease& lease);
cv::Mat DecodePng(std::string_view data, const ImageLimits& limits, DecodeLease& lease);
cv::Mat DecodeWebp(std::string_view data, const ImageLimits& limits, DecodeLease& lease);

// Composites 8-bit BGRA rows onto white into 8-bit BGR.
void CompositeOnWhite(const std::uint8_t* bgra, std::uint8_t* bgr, std::int64_t pixels);

}  // namespace stylist::ml
