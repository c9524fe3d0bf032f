// WebP through libwebp: WebPGetFeatures reads the header WebPDecode then
// decodes (and the decoder checks the frame against it); alpha is
// composited onto white. Animations are refused: the analyses and the
// stored photo take one picture.
#include <opencv2/core.hpp>

#include <webp/decode.h>

#include <vector>

#include "codecs.h"

namespace stylist::ml {
namespace {

ImageHeader HeaderOf(const WebPBitstreamFeatures& f) {
  ImageHeader h;
  h.format = ImageFormat::kWebp;
  h.width = f.width;
  h.height = f.height;
  h.channels = f.has_alpha ? 4 : 3;
  const std::int64_t pixels = h.width * h.height;
  // The BGR image and libwebp's rows; a lossless picture (or alpha, which
  // is coded losslessly) is held whole as 32-bit ARGB while it decodes,
  // and alpha adds a BGRA copy to composite from.
  h.decode_bytes = pixels * 3 + h.width * 256;
  if (f.format != 1 || f.has_alpha) h.decode_bytes += pixels * 4;
  if (f.has_alpha) h.decode_bytes += pixels * 4 + pixels;
  return h;
}

ImageHeader CheckedHeader(const WebPBitstreamFeatures& f) {
  if (f.has_animation) throw ImageError("animated WebP images are not accepted; send one frame");
  return HeaderOf(f);
}

}  // namespace

std::optional<ImageHeader> ReadWebpHeader(std::string_view data) {
  WebPBitstreamFeatures f;
  const VP8StatusCode status = WebPGetFeatures(reinterpret_cast<const std::uint8_t*>(data.data()), data.size(), &f);
  if (status == VP8_STATUS_NOT_ENOUGH_DATA) return std::nullopt;
  if (status != VP8_STATUS_OK) throw ImageError("the WebP header is malformed");
  return CheckedHeader(f);
}

cv::Mat DecodeWebp(std::string_view data, const ImageLimits& limits, DecodeLease& lease) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) throw ImageError("libwebp does not match its headers");
  const VP8StatusCode features = WebPGetFeatures(bytes, data.size(), &config.input);
  if (features == VP8_STATUS_NOT_ENOUGH_DATA) {
    throw ImageError("the image is truncated: it ends before the end of its picture data");
  }
  if (features != VP8_STATUS_OK) throw ImageError("the WebP header is malformed");
  const ImageHeader header = CheckedHeader(config.input);
  CheckImageHeader(header, limits);
  lease.Reserve(header.decode_bytes);
  cv::Mat out(static_cast<int>(header.height), static_cast<int>(header.width), CV_8UC3);
  std::vector<std::uint8_t> bgra;
  const bool alpha = config.input.has_alpha != 0;
  config.output.is_external_memory = 1;
  if (alpha) {
    bgra.resize(out.total() * 4);
    config.output.colorspace = MODE_BGRA;
    config.output.u.RGBA.rgba = bgra.data();
    config.output.u.RGBA.stride = out.cols * 4;
    config.output.u.RGBA.size = bgra.size();
  } else {
    config.output.colorspace = MODE_BGR;
    config.output.u.RGBA.rgba = out.data;
    config.output.u.RGBA.stride = static_cast<int>(out.step);
    config.output.u.RGBA.size = out.total() * 3;
  }
  const VP8StatusCode status = WebPDecode(bytes, data.size(), &config);
  WebPFreeDecBuffer(&config.output);
  if (status == VP8_STATUS_NOT_ENOUGH_DATA) {
    throw ImageError("the image is truncated: it ends before the end of its picture data");
  }
  if (status != VP8_STATUS_OK) throw ImageError("the WebP does not decode (libwebp status " + std::to_string(status) + ")");
  if (alpha) CompositeOnWhite(bgra.data(), out.data, static_cast<std::int64_t>(out.total()));
  return out;
}

}  // namespace stylist::ml
