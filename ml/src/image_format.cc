#include "stylist_ml/image_format.h"

#include <cstdint>

namespace stylist::ml {
namespace {

std::uint8_t Byte(std::string_view d, std::size_t at) { return static_cast<std::uint8_t>(d[at]); }

}  // namespace

ImageFormat SniffFormat(std::string_view h) {
  if (h.size() >= 3 && Byte(h, 0) == 0xFF && Byte(h, 1) == 0xD8 && Byte(h, 2) == 0xFF) return ImageFormat::kJpeg;
  if (h.size() >= 8 && h.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return ImageFormat::kPng;
  if (h.size() >= 12 && h.substr(0, 4) == "RIFF" && h.substr(8, 4) == "WEBP") return ImageFormat::kWebp;
  return ImageFormat::kUnknown;
}

const char* ContentType(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "image/jpeg";
    case ImageFormat::kPng: return "image/png";
    case ImageFormat::kWebp: return "image/webp";
    case ImageFormat::kUnknown: break;
  }
  return "application/octet-stream";
}

const char* FormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kWebp: return "WebP";
    case ImageFormat::kUnknown: break;
  }
  return "unknown";
}

}  // namespace stylist::ml
