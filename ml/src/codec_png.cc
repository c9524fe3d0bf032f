// PNG through libpng, driven directly: the header it decodes is the header
// that was checked, every pixel format (palette, grey, 16 bits, alpha,
// interlaced) comes out as 8-bit BGRA a row at a time and is composited
// onto white into the BGR image, so a 16-bit RGBA file costs what its 8-bit
// BGR image does, not four times that.
//
// libpng reports errors by longjmp. Every object with a destructor that
// lives across the png_* calls is constructed before setjmp.
#include <opencv2/core.hpp>

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

#include "codecs.h"

namespace stylist::ml {
namespace {

// Text and other ancillary chunks: what one may hold, and how many.
constexpr png_alloc_size_t kMaxChunkBytes = 8 << 20;
constexpr png_uint_32 kMaxAncillaryChunks = 1000;

struct PngState {
  std::jmp_buf jump;
  char message[160] = {};
  std::string_view data;
  std::size_t offset = 0;
  bool have_header = false;
  ImageHeader header;
};

PngState& StateOf(png_structp png) { return *static_cast<PngState*>(png_get_error_ptr(png)); }

[[noreturn]] void OnError(png_structp png, png_const_charp message) {
  std::snprintf(StateOf(png).message, sizeof StateOf(png).message, "%s", message);
  std::longjmp(StateOf(png).jump, 1);
}
void OnWarning(png_structp, png_const_charp) {}

void ReadBytes(png_structp png, png_bytep out, png_size_t n) {
  PngState& s = *static_cast<PngState*>(png_get_io_ptr(png));
  if (n > s.data.size() - s.offset) png_error(png, "the image is truncated");
  std::memcpy(out, s.data.data() + s.offset, n);
  s.offset += n;
}

// Owns the read and info structs on every way out, the longjmp one included.
struct Structs {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~Structs() { png_destroy_read_struct(&png, info != nullptr ? &info : nullptr, nullptr); }
};

void Limit(png_structp png) {
  png_set_chunk_malloc_max(png, kMaxChunkBytes);
  png_set_chunk_cache_max(png, kMaxAncillaryChunks);
}

ImageHeader HeaderOf(png_structp png, png_infop info) {
  ImageHeader h;
  h.format = ImageFormat::kPng;
  h.width = png_get_image_width(png, info);
  h.height = png_get_image_height(png, info);
  h.channels = png_get_channels(png, info);
  h.bits_per_channel = png_get_bit_depth(png, info);
  h.multi_scan = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
  const std::int64_t pixels = h.width * h.height;
  // The BGR image, two rows of the widest format libpng works in, and for
  // an interlaced file the whole image as 8-bit BGRA (its passes fill it
  // in place).
  h.decode_bytes = pixels * 3 + h.width * 8 * 2 + (h.multi_scan ? pixels * 4 : 0);
  return h;
}

void OnInfo(png_structp png, png_infop info) {
  PngState& s = StateOf(png);
  s.header = HeaderOf(png, info);
  s.have_header = true;
  png_process_data_pause(png, 0);
}

}  // namespace

std::optional<ImageHeader> ReadPngHeader(std::string_view data) {
  PngState state;
  Structs s;
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, OnError, OnWarning);
  if (s.png == nullptr) throw std::bad_alloc();
  s.info = png_create_info_struct(s.png);
  if (s.info == nullptr) throw std::bad_alloc();
  if (setjmp(state.jump)) throw ImageError(std::string("the PNG header is malformed: ") + state.message);
  Limit(s.png);
  png_set_progressive_read_fn(s.png, nullptr, OnInfo, nullptr, nullptr);
  png_process_data(s.png, s.info, reinterpret_cast<png_bytep>(const_cast<char*>(data.data())), data.size());
  if (!state.have_header) return std::nullopt;
  return state.header;
}

cv::Mat DecodePng(std::string_view data, const ImageLimits& limits, DecodeLease& lease) {
  PngState state;
  state.data = data;
  Structs s;
  cv::Mat out;
  std::vector<std::uint8_t> rows;
  std::vector<png_bytep> pointers;
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, OnError, OnWarning);
  if (s.png == nullptr) throw std::bad_alloc();
  s.info = png_create_info_struct(s.png);
  if (s.info == nullptr) throw std::bad_alloc();
  if (setjmp(state.jump)) {
    if (std::strcmp(state.message, "the image is truncated") == 0) {
      throw ImageError("the image is truncated: it ends before the end of its picture data");
    }
    throw ImageError(std::string("the PNG does not decode: ") + state.message);
  }
  Limit(s.png);
  png_set_read_fn(s.png, &state, ReadBytes);
  png_read_info(s.png, s.info);
  const ImageHeader header = HeaderOf(s.png, s.info);
  CheckImageHeader(header, limits);
  lease.Reserve(header.decode_bytes);
  // Everything to 8-bit BGRA: palettes and small greys expanded, tRNS to
  // alpha, 16 bits scaled, grey to colour, an opaque alpha added.
  png_set_expand(s.png);
  png_set_scale_16(s.png);
  png_set_gray_to_rgb(s.png);
  png_set_bgr(s.png);
  png_set_add_alpha(s.png, 0xFF, PNG_FILLER_AFTER);
  const int passes = png_set_interlace_handling(s.png);
  png_read_update_info(s.png, s.info);
  const auto width = static_cast<std::size_t>(header.width);
  if (png_get_rowbytes(s.png, s.info) != width * 4) png_error(s.png, "unexpected row format");
  out.create(static_cast<int>(header.height), static_cast<int>(header.width), CV_8UC3);
  if (passes == 1) {
    rows.resize(width * 4);
    for (int y = 0; y < out.rows; ++y) {
      png_read_row(s.png, rows.data(), nullptr);
      CompositeOnWhite(rows.data(), out.ptr<std::uint8_t>(y), header.width);
    }
  } else {
    rows.resize(width * 4 * static_cast<std::size_t>(header.height));
    pointers.resize(static_cast<std::size_t>(header.height));
    for (std::size_t y = 0; y < pointers.size(); ++y) pointers[y] = rows.data() + y * width * 4;
    png_read_image(s.png, pointers.data());
    for (int y = 0; y < out.rows; ++y) CompositeOnWhite(pointers[y], out.ptr<std::uint8_t>(y), header.width);
  }
  // The chunks after the picture, to IEND: a file cut there is truncated.
  png_read_end(s.png, nullptr);
  return out;
}

}  // namespace stylist::ml
