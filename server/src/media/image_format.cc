#include "media/image_format.h"

#include <cstdint>

namespace stylist::media {
namespace {

std::uint32_t Be16(std::string_view d, std::size_t at) {
  return (static_cast<std::uint8_t>(d[at]) << 8) | static_cast<std::uint8_t>(d[at + 1]);
}
std::uint32_t Be32(std::string_view d, std::size_t at) { return (Be16(d, at) << 16) | Be16(d, at + 2); }
std::uint32_t Le16(std::string_view d, std::size_t at) {
  return static_cast<std::uint8_t>(d[at]) | (static_cast<std::uint8_t>(d[at + 1]) << 8);
}
std::uint32_t Le24(std::string_view d, std::size_t at) {
  return Le16(d, at) | (static_cast<std::uint32_t>(static_cast<std::uint8_t>(d[at + 2])) << 16);
}
std::uint8_t Byte(std::string_view d, std::size_t at) { return static_cast<std::uint8_t>(d[at]); }

std::optional<Dimensions> JpegDimensions(std::string_view d) {
  std::size_t i = 2;  // after SOI
  while (true) {
    // Markers start with 0xFF, possibly padded with more 0xFF.
    while (i < d.size() && Byte(d, i) != 0xFF) ++i;
    while (i < d.size() && Byte(d, i) == 0xFF) ++i;
    if (i >= d.size()) return std::nullopt;
    const std::uint8_t marker = Byte(d, i++);
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;  // no length
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // end or scan data before any frame
    if (i + 2 > d.size()) return std::nullopt;
    const std::uint32_t length = Be16(d, i);
    if (length < 2) return std::nullopt;
    const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (i + 7 > d.size()) return std::nullopt;
      return Dimensions{Be16(d, i + 5), Be16(d, i + 3)};
    }
    i += length;
  }
}

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

std::optional<Dimensions> PeekDimensions(ImageFormat format, std::string_view d) {
  switch (format) {
    case ImageFormat::kJpeg:
      return JpegDimensions(d);
    case ImageFormat::kPng:
      // Signature, then the IHDR chunk: length, "IHDR", width, height.
      if (d.size() < 24 || d.substr(12, 4) != "IHDR") return std::nullopt;
      return Dimensions{Be32(d, 16), Be32(d, 20)};
    case ImageFormat::kWebp: {
      if (d.size() < 30) return std::nullopt;
      const std::string_view chunk = d.substr(12, 4);
      if (chunk == "VP8 ") return Dimensions{Le16(d, 26) & 0x3FFF, Le16(d, 28) & 0x3FFF};
      if (chunk == "VP8L") {
        const std::uint32_t b0 = Byte(d, 21), b1 = Byte(d, 22), b2 = Byte(d, 23), b3 = Byte(d, 24);
        return Dimensions{1 + (b0 | ((b1 & 0x3F) << 8)), 1 + ((b1 >> 6) | (b2 << 2) | ((b3 & 0x0F) << 10))};
      }
      if (chunk == "VP8X") return Dimensions{1 + static_cast<long long>(Le24(d, 24)), 1 + static_cast<long long>(Le24(d, 27))};
      return std::nullopt;
    }
    case ImageFormat::kUnknown:
      break;
  }
  return std::nullopt;
}

bool LooksComplete(ImageFormat format, std::string_view d) {
  switch (format) {
    case ImageFormat::kJpeg: {
      // EOI, allowing a little trailing padding some encoders add.
      const std::size_t from = d.size() > 64 ? d.size() - 64 : 0;
      return d.find("\xFF\xD9", from) != std::string_view::npos;
    }
    case ImageFormat::kPng:
      return d.size() >= 12 && d.substr(d.size() - 8, 4) == "IEND";
    case ImageFormat::kWebp:
      return d.size() >= 12 && static_cast<std::size_t>(Le16(d, 4) | (Le16(d, 6) << 16)) + 8 == d.size();
    case ImageFormat::kUnknown:
      break;
  }
  return false;
}

}  // namespace stylist::media
