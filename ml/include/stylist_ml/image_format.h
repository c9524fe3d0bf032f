// What kind of image a file is, judged from its first bytes, and the names
// that go with it: the small part of the image gate (stylist_ml/image.h)
// that needs no decoder, so that code which only routes uploads (the
// server's chunked uploads) depends on nothing heavier.
#pragma once

#include <cstddef>
#include <string_view>

namespace stylist::ml {

enum class ImageFormat { kUnknown, kJpeg, kPng, kWebp };

// Bytes needed before SniffFormat can answer.
inline constexpr std::size_t kSniffBytes = 12;

ImageFormat SniffFormat(std::string_view head);
const char* ContentType(ImageFormat format);
// "JPEG", "PNG", "WebP": for messages that list what is accepted.
const char* FormatName(ImageFormat format);

}  // namespace stylist::ml
