// What an uploaded file is, judged from its first bytes (never from its
// name), and how large it claims to be, read from its header before any
// decoding: the check against decompression bombs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stylist::media {

enum class ImageFormat { kUnknown, kJpeg, kPng, kWebp };

// Bytes needed before SniffFormat can answer.
inline constexpr std::size_t kSniffBytes = 12;

ImageFormat SniffFormat(std::string_view head);
const char* ContentType(ImageFormat format);
// "JPEG", "PNG", "WebP": for messages that list what is accepted.
const char* FormatName(ImageFormat format);

struct Dimensions {
  long long width = 0;
  long long height = 0;
};

// The width and height the header declares; nullopt while `data` does not
// yet hold the whole header (or when the header is malformed: then the
// decoder will refuse the file).
std::optional<Dimensions> PeekDimensions(ImageFormat format, std::string_view data);

// Whether the file ends the way its format ends (JPEG: an EOI marker; PNG:
// the IEND chunk; WebP: as long as its RIFF header says). Decoders often
// accept a truncated file and fill the missing part with grey.
bool LooksComplete(ImageFormat format, std::string_view data);

}  // namespace stylist::media
