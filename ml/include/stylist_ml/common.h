// What every part of the ml library shares: its errors and the limits an
// encoded image is checked against before it is decoded. No LibTorch or
// OpenCV types cross the library's headers, so only ml/src includes their
// (heavy) headers.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>

namespace stylist::ml {

// A model folder that cannot be used: missing files, a bad manifest, a
// checksum that does not match, a file LibTorch cannot load. Raised at
// load time, so a server with a broken model does not start.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The bytes given are not an image we accept: not JPEG/PNG/WebP by content,
// larger than the limits, truncated, or undecodable. The message says which.
class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The inference queue is full; the caller should answer "busy" rather than
// wait without bound.
class BusyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImageLimits {
  std::int64_t max_bytes = 15 * 1024 * 1024;
  // Checked from the header before decoding: the decompression-bomb guard.
  std::int64_t max_pixels = 40'000'000;
  // The memory one decode may hold (pixels times channels times bytes per
  // channel, plus the decoder's own buffers), also checked from the header:
  // a small file with many channels or 16 bits each stays within it.
  std::int64_t max_decode_bytes = 256LL * 1024 * 1024;
  // How many times longer one side may be than the other. A photo is at
  // most a panorama; a 65500x1 strip is an attack on whatever scales it
  // (the classifier scales the shorter side up).
  std::int64_t max_aspect_ratio = 20;
};

// How inference runs. Requests that arrive while the model is busy are run
// together as one batch (up to max_batch) by one of `threads` inference
// threads; at most max_queue wait, further ones get BusyError.
struct InferenceOptions {
  int threads = 0;  // 0: one per core
  int max_batch = 8;  // 1 turns batching off
  int max_queue = 64;
  // Called after each forward pass with its batch size and duration (the
  // server's metrics); on an inference thread, so it must be quick.
  std::function<void(int batch_size, std::chrono::steady_clock::duration)> on_batch;
};

}  // namespace stylist::ml
