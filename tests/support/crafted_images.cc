#include "support/crafted_images.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <stdexcept>
#include <vector>

namespace stylist::crafted {
namespace {

std::string Encode(const cv::Mat& image, const char* ext, const std::vector<int>& params = {}) {
  std::vector<uchar> out;
  if (!cv::imencode(ext, image, out, params)) throw std::runtime_error(std::string("cannot encode ") + ext);
  return std::string(out.begin(), out.end());
}

void PutBe16(std::string& s, std::size_t at, int v) {
  s[at] = static_cast<char>((v >> 8) & 0xFF);
  s[at + 1] = static_cast<char>(v & 0xFF);
}

std::string Be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string Chunk(const std::string& type, const std::string& data) {
  const std::string body = type + data;
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  return Be32(static_cast<std::uint32_t>(data.size())) + body + Be32(crc);
}

// Where the frame header (SOF0/SOF2) of an encoded JPEG starts (its FF).
std::size_t FrameAt(const std::string& jpeg) {
  for (std::size_t i = 2; i + 4 < jpeg.size();) {
    if (static_cast<unsigned char>(jpeg[i]) != 0xFF) throw std::runtime_error("unexpected JPEG layout");
    const auto marker = static_cast<unsigned char>(jpeg[i + 1]);
    if (marker == 0xC0 || marker == 0xC2) return i;
    const int length = (static_cast<unsigned char>(jpeg[i + 2]) << 8) | static_cast<unsigned char>(jpeg[i + 3]);
    i += 2 + static_cast<std::size_t>(length);
  }
  throw std::runtime_error("no frame header");
}

}  // namespace

std::string FlatJpeg(int w, int h, int b, int g, int r, bool progressive) {
  const cv::Mat image(h, w, CV_8UC3, cv::Scalar(b, g, r));
  return Encode(image, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90, cv::IMWRITE_JPEG_PROGRESSIVE, progressive ? 1 : 0});
}

std::string FlatPng(int w, int h, bool deep) {
  if (!deep) return Encode(cv::Mat(h, w, CV_8UC3, cv::Scalar(40, 90, 200)), ".png");
  return Encode(cv::Mat(h, w, CV_16UC4, cv::Scalar(10000, 20000, 50000, 65535)), ".png");
}

std::string FlatWebp(int w, int h, bool lossless) {
  return Encode(cv::Mat(h, w, CV_8UC3, cv::Scalar(40, 90, 200)), ".webp", {cv::IMWRITE_WEBP_QUALITY, lossless ? 101 : 80});
}

std::string WithJpegFrameSize(std::string jpeg, int w, int h) {
  const std::size_t sof = FrameAt(jpeg);
  PutBe16(jpeg, sof + 5, h);
  PutBe16(jpeg, sof + 7, w);
  return jpeg;
}

std::string WithPngSize(std::string png, int w, int h) {
  // Signature (8), then IHDR: length (4), type (4), 13 bytes, CRC (4).
  std::string ihdr = png.substr(16, 13);
  ihdr.replace(0, 4, Be32(static_cast<std::uint32_t>(w)));
  ihdr.replace(4, 4, Be32(static_cast<std::uint32_t>(h)));
  return png.substr(0, 8) + Chunk("IHDR", ihdr) + png.substr(8 + 25);
}

std::string JpegWithHiddenFrame(int w, int h) {
  const std::string small = FlatJpeg(8, 8);
  const std::size_t sof = FrameAt(small);
  const int sof_length = (static_cast<unsigned char>(small[sof + 2]) << 8) | static_cast<unsigned char>(small[sof + 3]);
  const std::string small_frame = small.substr(sof, 2 + static_cast<std::size_t>(sof_length));
  std::string big_frame = small_frame;
  PutBe16(big_frame, 5, h);
  PutBe16(big_frame, 7, w);
  // libjpeg: "FF 00" and the two bytes after it are stray bytes before the
  // next marker (a warning); the big frame is the frame; the comment hides
  // the small one. A naive parser: "FF 00" is a marker whose length
  // (hidden) skips the big frame and the comment's header, landing on the
  // small frame.
  const std::string comment_header = "\xFF\xFE" + std::string(1, '\0') + std::string(1, static_cast<char>(2 + small_frame.size()));
  const std::size_t hidden = 2 + big_frame.size() + comment_header.size();
  std::string out = small.substr(0, 2);
  out += std::string("\xFF\x00", 2);
  out += std::string(1, static_cast<char>(hidden >> 8)) + std::string(1, static_cast<char>(hidden & 0xFF));
  out += big_frame + comment_header + small_frame;
  out += small.substr(2, sof - 2) + small.substr(sof + small_frame.size());
  return out;
}

std::string PalettePng(int w, int h, int r, int g, int b, int a) {
  std::string ihdr = Be32(static_cast<std::uint32_t>(w)) + Be32(static_cast<std::uint32_t>(h));
  ihdr += std::string("\x08\x03\x00\x00\x00", 5);  // 8 bits, palette, deflate, no filter, no interlace
  std::string palette = {0, 0, 0, static_cast<char>(r), static_cast<char>(g), static_cast<char>(b)};
  std::string alpha = {static_cast<char>(255), static_cast<char>(a)};
  std::string raw;
  for (int y = 0; y < h; ++y) raw += std::string(1, '\0') + std::string(static_cast<std::size_t>(w), '\x01');
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(size, '\0');
  compress(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()), raw.size());
  packed.resize(size);
  return std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("PLTE", palette) + Chunk("tRNS", alpha) +
         Chunk("IDAT", packed) + Chunk("IEND", "");
}

std::string AnimatedWebpHeader() {
  // RIFF size, "WEBP", a VP8X chunk of 10 bytes: flags (animation 0x02),
  // 3 reserved, canvas width-1 and height-1 (24 bits each), then ANIM.
  std::string vp8x = std::string("\x02\0\0\0", 4) + std::string("\x63\0\0\x63\0\0", 6);  // 100 x 100
  std::string anim = std::string("ANIM") + std::string("\x06\0\0\0", 4) + std::string(6, '\0');
  std::string body = "WEBP" + std::string("VP8X") + std::string("\x0a\0\0\0", 4) + vp8x + anim;
  const auto size = static_cast<std::uint32_t>(body.size());
  return "RIFF" + std::string{static_cast<char>(size), static_cast<char>(size >> 8), static_cast<char>(size >> 16), 0} + body;
}

}  // namespace stylist::crafted
