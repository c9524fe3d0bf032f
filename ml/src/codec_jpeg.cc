// JPEG through libjpeg-turbo, the library OpenCV itself would call, driven
// directly so that the header it decodes is the header that was checked,
// the memory of a progressive file (its whole-image coefficient buffer) is
// known before it is allocated, and a file of endless scans is cut short.
// The EXIF orientation is read with libexif.
//
// libjpeg reports errors by longjmp. Every object with a destructor that
// lives across the jpeg_* calls is constructed before setjmp, so a jump
// skips no destructor.
#include <opencv2/core.hpp>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

#include <jpeglib.h>
// jpeglib.h first: jerror.h names its message codes.
#include <jerror.h>
#include <libexif/exif-data.h>

#include "codecs.h"

namespace stylist::ml {
namespace {

// Phones write 10 or fewer; a file with thousands of scans costs a pass over
// the whole image each.
constexpr int kMaxScans = 100;

struct ErrorState {
  jpeg_error_mgr mgr;  // first: libjpeg hands back a pointer to it
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
  bool truncated = false;
};

ErrorState& StateOf(j_common_ptr c) { return *reinterpret_cast<ErrorState*>(c->err); }

[[noreturn]] void OnError(j_common_ptr c) {
  (*c->err->format_message)(c, StateOf(c).message);
  std::longjmp(StateOf(c).jump, 1);
}

// Most warnings (stray bytes between markers, odd tables) describe real
// files that decode fine. Two say the picture data ran out before the
// picture did, the file ending or a marker arriving early, where libjpeg
// would fill the rest with grey: a truncated file, or a frame size that
// lies (a small image's data under a large frame header).
void OnMessage(j_common_ptr c, int level) {
  if (level < 0 && (c->err->msg_code == JWRN_JPEG_EOF || c->err->msg_code == JWRN_HIT_MARKER)) {
    StateOf(c).truncated = true;
  }
}

void OnProgress(j_common_ptr c) {
  const auto* d = reinterpret_cast<j_decompress_ptr>(c);
  if (d->input_scan_number > kMaxScans) {
    std::snprintf(StateOf(c).message, sizeof StateOf(c).message, "more than %d scans", kMaxScans);
    std::longjmp(StateOf(c).jump, 1);
  }
}

// A source over bytes still arriving: it suspends where they end, so the
// header reader answers "need more" instead of guessing.
void NoInit(j_decompress_ptr) {}
boolean Suspend(j_decompress_ptr) { return FALSE; }
void SkipOrSuspend(j_decompress_ptr d, long n) {
  if (n <= 0) return;
  const auto skip = std::min<std::size_t>(static_cast<std::size_t>(n), d->src->bytes_in_buffer);
  d->src->next_input_byte += skip;
  d->src->bytes_in_buffer -= skip;
}

// Destroys the decompressor on every way out, the longjmp one included.
struct Destroyer {
  jpeg_decompress_struct* d;
  ~Destroyer() { jpeg_destroy_decompress(d); }
};

ImageHeader HeaderOf(j_decompress_ptr d, std::size_t file_bytes) {
  ImageHeader h;
  h.format = ImageFormat::kJpeg;
  h.width = d->image_width;
  h.height = d->image_height;
  h.channels = d->num_components;
  h.bits_per_channel = d->data_precision;
  h.multi_scan = jpeg_has_multiple_scans(d);
  const std::int64_t pixels = h.width * h.height;
  // The BGR image and its turned copy (EXIF orientation), the saved
  // markers (at most the file), and libjpeg's row buffers.
  h.decode_bytes = pixels * 3 * 2 + static_cast<std::int64_t>(file_bytes) + h.width * 64 * h.channels;
  if (h.multi_scan) {
    // Every coefficient of every component is kept until the last scan:
    // 64 of 2 bytes per 8x8 block, padded to whole MCUs.
    for (int i = 0; i < d->num_components; ++i) {
      const jpeg_component_info& c = d->comp_info[i];
      const std::int64_t wide = (c.width_in_blocks + c.h_samp_factor - 1) / c.h_samp_factor * c.h_samp_factor;
      const std::int64_t high = (c.height_in_blocks + c.v_samp_factor - 1) / c.v_samp_factor * c.v_samp_factor;
      h.decode_bytes += wide * high * DCTSIZE2 * static_cast<std::int64_t>(sizeof(JCOEF));
    }
  }
  return h;
}

int OrientationOf(j_decompress_ptr d) {
  for (jpeg_saved_marker_ptr m = d->marker_list; m != nullptr; m = m->next) {
    if (m->marker != JPEG_APP0 + 1 || m->data_length < 6 || std::memcmp(m->data, "Exif\0\0", 6) != 0) continue;
    ExifData* exif = exif_data_new();
    if (exif == nullptr) return 1;
    exif_data_unset_option(exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(exif, m->data, m->data_length);
    int orientation = 1;
    ExifEntry* e = exif_content_get_entry(exif->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e != nullptr && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2) {
      orientation = exif_get_short(e->data, exif_data_get_byte_order(exif));
    }
    exif_data_unref(exif);
    return orientation >= 1 && orientation <= 8 ? orientation : 1;
  }
  return 1;
}

// The EXIF orientations 2..8 as flips and transposes, as OpenCV applies them.
cv::Mat Upright(const cv::Mat& image, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2: cv::flip(image, out, 1); return out;
    case 3: cv::flip(image, out, -1); return out;
    case 4: cv::flip(image, out, 0); return out;
    case 5: cv::transpose(image, out); return out;
    case 6: cv::transpose(image, out); cv::flip(out, out, 1); return out;
    case 7: cv::transpose(image, out); cv::flip(out, out, -1); return out;
    case 8: cv::transpose(image, out); cv::flip(out, out, 0); return out;
    default: return image;
  }
}

// Adobe's CMYK (stored inverted, as Photoshop writes it) to BGR.
void CmykToBgr(const std::uint8_t* cmyk, std::uint8_t* bgr, std::int64_t pixels) {
  for (std::int64_t i = 0; i < pixels; ++i, cmyk += 4, bgr += 3) {
    const int k = cmyk[3];
    bgr[0] = static_cast<std::uint8_t>(cmyk[2] * k / 255);
    bgr[1] = static_cast<std::uint8_t>(cmyk[1] * k / 255);
    bgr[2] = static_cast<std::uint8_t>(cmyk[0] * k / 255);
  }
}

}  // namespace

std::optional<ImageHeader> ReadJpegHeader(std::string_view data) {
  jpeg_decompress_struct d;
  ErrorState err;
  d.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = OnError;
  err.mgr.emit_message = OnMessage;
  jpeg_create_decompress(&d);
  Destroyer destroyer{&d};
  jpeg_source_mgr source{};
  source.next_input_byte = reinterpret_cast<const JOCTET*>(data.data());
  source.bytes_in_buffer = data.size();
  source.init_source = NoInit;
  source.fill_input_buffer = Suspend;
  source.skip_input_data = SkipOrSuspend;
  source.resync_to_restart = jpeg_resync_to_restart;
  source.term_source = NoInit;
  d.src = &source;
  if (setjmp(err.jump)) throw ImageError(std::string("the JPEG header is malformed: ") + err.message);
  if (jpeg_read_header(&d, TRUE) == JPEG_SUSPENDED) return std::nullopt;
  return HeaderOf(&d, data.size());
}

cv::Mat DecodeJpeg(std::string_view data, const ImageLimits& limits, DecodeLease& lease) {
  jpeg_decompress_struct d;
  ErrorState err;
  jpeg_progress_mgr progress{};
  cv::Mat out;
  std::vector<std::uint8_t> cmyk_row;
  d.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = OnError;
  err.mgr.emit_message = OnMessage;
  jpeg_create_decompress(&d);
  Destroyer destroyer{&d};
  if (setjmp(err.jump)) throw ImageError(std::string("the JPEG does not decode: ") + err.message);
  jpeg_mem_src(&d, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  jpeg_save_markers(&d, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&d, TRUE);
  const ImageHeader header = HeaderOf(&d, data.size());
  CheckImageHeader(header, limits);
  // Now: the saved markers are freed when decompression finishes.
  const int orientation = OrientationOf(&d);
  lease.Reserve(header.decode_bytes);
  // And libjpeg's own allocator holds to the per-image limit too.
  d.mem->max_memory_to_use = static_cast<long>(limits.max_decode_bytes);
  progress.progress_monitor = OnProgress;
  d.progress = &progress;
  const bool four = d.num_components == 4;
  if (d.num_components != 1 && d.num_components != 3 && !four) {
    throw ImageError("a JPEG with " + std::to_string(d.num_components) + " components is not accepted");
  }
  d.out_color_space = four ? JCS_CMYK : JCS_EXT_BGR;
  jpeg_start_decompress(&d);
  out.create(static_cast<int>(d.output_height), static_cast<int>(d.output_width), CV_8UC3);
  if (four) cmyk_row.resize(static_cast<std::size_t>(d.output_width) * 4);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = four ? cmyk_row.data() : out.ptr<std::uint8_t>(static_cast<int>(d.output_scanline));
    const int y = static_cast<int>(d.output_scanline);
    if (jpeg_read_scanlines(&d, &row, 1) != 1) break;
    if (four) CmykToBgr(cmyk_row.data(), out.ptr<std::uint8_t>(y), d.output_width);
  }
  jpeg_finish_decompress(&d);
  if (err.truncated) throw ImageError("the image is truncated: it ends before the end of its picture data");
  return Upright(out, orientation);
}

}  // namespace stylist::ml
