// libFuzzer target: the image gate (ml/src/image.cc and the codecs) on any
// bytes, as every image path receives them. Headers of partial data, the
// limits check and a full decode with small limits, so the fuzzer spends
// its time in the parsers rather than in large allocations. A decode may
// refuse (ImageError, BusyError); it must not crash, leak or overrun.
#include <cstddef>
#include <cstdint>
#include <string>

#include "stylist_ml/image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stylist::ml;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const ImageLimits limits{1 << 20, 4'000'000, 32 << 20};
  try {
    for (const std::size_t cut : {size / 3, size / 2, size}) {
      if (const auto header = ReadImageHeader(std::string_view(bytes).substr(0, cut))) CheckImageHeader(*header, limits);
    }
  } catch (const ImageError&) {
  }
  try {
    const NormalizedPhoto photo = NormalizePhoto(bytes, limits);
    if (photo.width <= 0 || photo.height <= 0 || photo.jpeg.empty()) __builtin_trap();
  } catch (const ImageError&) {
  } catch (const BusyError&) {
  }
  if (DecodeMemoryInUse() != 0) __builtin_trap();  // every reservation given back
  return 0;
}
