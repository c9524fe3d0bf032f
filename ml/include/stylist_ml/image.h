// The one gate every encoded image passes, whatever the path (photo
// uploads, legacy uploads, inline clothing and skin analysis, queued jobs):
// the format judged from the content, the header read by the library that
// will decode the file (libjpeg-turbo, libpng, libwebp; never a second
// parser that could read another frame size than the decoder), the pixel
// count and the memory the decode will allocate checked against limits
// before any pixel buffer exists, and a process-wide budget for decodes in
// flight. No OpenCV type crosses this header.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stylist_ml/common.h"
#include "stylist_ml/image_format.h"

namespace stylist::ml {

// What a file's header says, as its decoder reads it.
struct ImageHeader {
  ImageFormat format = ImageFormat::kUnknown;
  std::int64_t width = 0;
  std::int64_t height = 0;
  int channels = 0;            // as stored: 1 grey .. 4 (RGBA, CMYK)
  int bits_per_channel = 8;    // 16 for 16-bit PNGs
  bool multi_scan = false;     // progressive (or multi-scan) JPEG: coefficients buffered for the whole image
  std::int64_t decode_bytes = 0;  // the most memory decoding it to 8-bit BGR will hold at once
};

// Reads the header of `data` (which may be the first part of a file still
// arriving). nullopt while more bytes are needed; ImageError when the
// format is unknown or the header is malformed.
std::optional<ImageHeader> ReadImageHeader(std::string_view data);

// Throws ImageError, saying which limit and by how much, when the header
// declares more pixels or needs more decode memory than `limits` allow.
void CheckImageHeader(const ImageHeader& header, const ImageLimits& limits);

// The process-wide budget for decodes in flight: a decode reserves its
// decode_bytes before allocating and waits up to `wait` for room, then
// gets BusyError. Set once at start-up (default 1 GiB, 2 s).
void SetDecodeMemoryBudget(std::int64_t bytes, std::chrono::milliseconds wait);
// Bytes reserved by decodes now; for tests and metrics.
std::int64_t DecodeMemoryInUse();

// A reservation against the process-wide decode budget, given back when
// it goes out of scope. Reserve throws BusyError when room does not come
// in time.
class DecodeLease {
 public:
  DecodeLease() = default;
  DecodeLease(const DecodeLease&) = delete;
  DecodeLease& operator=(const DecodeLease&) = delete;
  DecodeLease(DecodeLease&& other) noexcept : bytes_(other.bytes_) { other.bytes_ = 0; }
  DecodeLease& operator=(DecodeLease&& other) noexcept;
  ~DecodeLease();

  void Reserve(std::int64_t bytes);
  // Keeps only `bytes` (what the decoded image still holds).
  void ShrinkTo(std::int64_t bytes);

 private:
  std::int64_t bytes_ = 0;
};

// A stored photo: upright, alpha composited onto white, scaled down to
// kMaxStoredSide when larger, re-encoded as baseline JPEG (which drops
// EXIF, GPS, XMP and comments), plus a kThumbnailSide thumbnail.
struct NormalizedPhoto {
  std::string jpeg;
  int width = 0;
  int height = 0;
  std::string thumbnail_jpeg;
};

inline constexpr int kMaxStoredSide = 4096;
inline constexpr int kThumbnailSide = 320;

// Throws ImageError when the bytes are refused, BusyError when the decode
// budget stays full.
NormalizedPhoto NormalizePhoto(const std::string& encoded, const ImageLimits& limits);

}  // namespace stylist::ml
