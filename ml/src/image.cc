#include "stylist_ml/image.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <condition_variable>
#include <mutex>

#include "codecs.h"
#include "decode.h"

namespace stylist::ml {
namespace {

std::string MiB(std::int64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB"; }

// The budget for decodes in flight, shared by every thread of the process.
class DecodeBudget {
 public:
  static DecodeBudget& Get() {
    static DecodeBudget budget;
    return budget;
  }

  void Configure(std::int64_t capacity, std::chrono::milliseconds wait) {
    std::lock_guard lock(mu_);
    capacity_ = capacity;
    wait_ = wait;
    room_.notify_all();
  }

  void Acquire(std::int64_t bytes) {
    std::unique_lock lock(mu_);
    if (bytes > capacity_) {
      throw ImageError("decoding the image would need " + MiB(bytes) + ", more than the server's whole decode budget (" +
                       MiB(capacity_) + ")");
    }
    if (!room_.wait_for(lock, wait_, [&] { return in_use_ + bytes <= capacity_; })) {
      throw BusyError("image decoding is at its memory budget (" + MiB(capacity_) + " in flight)");
    }
    in_use_ += bytes;
  }

  void Release(std::int64_t bytes) {
    std::lock_guard lock(mu_);
    in_use_ -= bytes;
    room_.notify_all();
  }

  std::int64_t InUse() {
    std::lock_guard lock(mu_);
    return in_use_;
  }

 private:
  std::mutex mu_;
  std::condition_variable room_;
  std::int64_t capacity_ = 1LL << 30;
  std::chrono::milliseconds wait_{2000};
  std::int64_t in_use_ = 0;
};

}  // namespace


std::optional<ImageHeader> ReadImageHeader(std::string_view data) {
  if (data.size() < kSniffBytes) return std::nullopt;
  switch (SniffFormat(data)) {
    case ImageFormat::kJpeg: return ReadJpegHeader(data);
    case ImageFormat::kPng: return ReadPngHeader(data);
    case ImageFormat::kWebp: return ReadWebpHeader(data);
    case ImageFormat::kUnknown: break;
  }
  throw ImageError("not a JPEG, PNG or WebP image");
}

void CheckImageHeader(const ImageHeader& h, const ImageLimits& limits) {
  if (h.width <= 0 || h.height <= 0 || h.width * h.height > limits.max_pixels) {
    throw ImageError("the image is " + std::to_string(h.width) + "x" + std::to_string(h.height) + " pixels; at most " +
                     std::to_string(limits.max_pixels) + " pixels are accepted");
  }
  if (std::max(h.width, h.height) > limits.max_aspect_ratio * std::min(h.width, h.height)) {
    throw ImageError("the image is " + std::to_string(h.width) + "x" + std::to_string(h.height) +
                     " pixels; its longer side may be at most " + std::to_string(limits.max_aspect_ratio) +
                     " times its shorter side");
  }
  if (h.decode_bytes > limits.max_decode_bytes) {
    throw ImageError("decoding this " + std::to_string(h.width) + "x" + std::to_string(h.height) + " " +
                     FormatName(h.format) + " (" + std::to_string(h.channels) + " channels of " +
                     std::to_string(h.bits_per_channel) + " bits" + (h.multi_scan ? ", progressive" : "") +
                     ") would need " + MiB(h.decode_bytes) + "; at most " + MiB(limits.max_decode_bytes) +
                     " per image are accepted");
  }
}

void SetDecodeMemoryBudget(std::int64_t bytes, std::chrono::milliseconds wait) {
  DecodeBudget::Get().Configure(bytes, wait);
}

std::int64_t DecodeMemoryInUse() { return DecodeBudget::Get().InUse(); }

DecodeLease& DecodeLease::operator=(DecodeLease&& other) noexcept {
  if (this != &other) {
    if (bytes_ > 0) DecodeBudget::Get().Release(bytes_);
    bytes_ = other.bytes_;
    other.bytes_ = 0;
  }
  return *this;
}

DecodeLease::~DecodeLease() {
  if (bytes_ > 0) DecodeBudget::Get().Release(bytes_);
}

void DecodeLease::Reserve(std::int64_t bytes) {
  DecodeBudget::Get().Acquire(bytes);
  bytes_ += bytes;
}

void DecodeLease::ShrinkTo(std::int64_t bytes) {
  if (bytes >= bytes_) return;
  DecodeBudget::Get().Release(bytes_ - bytes);
  bytes_ = bytes;
}

void CompositeOnWhite(const std::uint8_t* bgra, std::uint8_t* bgr, std::int64_t pixels) {
  for (std::int64_t i = 0; i < pixels; ++i, bgra += 4, bgr += 3) {
    const int a = bgra[3];
    for (int c = 0; c < 3; ++c) bgr[c] = static_cast<std::uint8_t>((bgra[c] * a + 255 * (255 - a) + 127) / 255);
  }
}

DecodedImage DecodeImage(const std::string& encoded, const ImageLimits& limits) {
  if (encoded.empty()) throw ImageError("the image is empty");
  if (static_cast<std::int64_t>(encoded.size()) > limits.max_bytes) {
    throw ImageError("the image is larger than the limit of " + std::to_string(limits.max_bytes) + " bytes");
  }
  DecodedImage out;
  switch (SniffFormat(encoded)) {
    case ImageFormat::kJpeg: out.bgr = DecodeJpeg(encoded, limits, out.lease); break;
    case ImageFormat::kPng: out.bgr = DecodePng(encoded, limits, out.lease); break;
    case ImageFormat::kWebp: out.bgr = DecodeWebp(encoded, limits, out.lease); break;
    case ImageFormat::kUnknown: throw ImageError("not a JPEG, PNG or WebP image");
  }
  out.lease.ShrinkTo(static_cast<std::int64_t>(out.bgr.total() * out.bgr.elemSize()));
  return out;
}

DecodedImage DecodeForAnalysis(const std::string& encoded, const ImageLimits& limits) {
  DecodedImage out = DecodeImage(encoded, limits);
  if (std::min(out.bgr.cols, out.bgr.rows) < kMinAnalysisSide) {
    throw ImageError("the image is " + std::to_string(out.bgr.cols) + "x" + std::to_string(out.bgr.rows) +
                     " pixels; analysis needs at least " + std::to_string(kMinAnalysisSide) + " on each side");
  }
  return out;
}

cv::Mat FitWithin(const cv::Mat& image, int side) {
  const double scale = static_cast<double>(side) / std::max(image.cols, image.rows);
  if (scale >= 1) return image;
  // At least one pixel each way: a 4000x1 strip scaled to 320 wide would
  // otherwise be 0 high, which OpenCV refuses (found by the fuzzer).
  const cv::Size size(std::max(1, static_cast<int>(std::lround(image.cols * scale))),
                      std::max(1, static_cast<int>(std::lround(image.rows * scale))));
  cv::Mat out;
  cv::resize(image, out, size, 0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace stylist::ml
