// The image gate (stylist_ml/image.h) on crafted files: sizes that lie,
// frames hidden from naive parsers, formats that cost more to decode than
// their size suggests, truncation, polyglots, and the budget for decodes
// in flight. Expected colours are those the files were made with.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdlib>
#include <vector>

#include "stylist_ml/image.h"
#include "support/crafted_images.h"

namespace stylist::ml {
namespace {

using namespace crafted;

constexpr std::int64_t kMiB = 1 << 20;

// Why the gate refused a file, or "" when it stored it.
std::string Refusal(const std::string& bytes, const ImageLimits& limits = {}) {
  try {
    NormalizePhoto(bytes, limits);
    return "";
  } catch (const ImageError& e) {
    return e.what();
  }
}

cv::Mat Stored(const std::string& bytes, const ImageLimits& limits = {}) {
  const NormalizedPhoto photo = NormalizePhoto(bytes, limits);
  const cv::Mat raw(1, static_cast<int>(photo.jpeg.size()), CV_8UC1, const_cast<char*>(photo.jpeg.data()));
  return cv::imdecode(raw, cv::IMREAD_COLOR);
}

// The centre pixel is within `tolerance` of (b, g, r) in every channel.
void ExpectColour(const cv::Mat& image, int b, int g, int r, int tolerance = 4) {
  ASSERT_FALSE(image.empty());
  const auto px = image.at<cv::Vec3b>(image.rows / 2, image.cols / 2);
  EXPECT_NEAR(px[0], b, tolerance);
  EXPECT_NEAR(px[1], g, tolerance);
  EXPECT_NEAR(px[2], r, tolerance);
}

TEST(ImageGateTest, AFrameHiddenFromNaiveParsersIsTheFrameThatIsChecked) {
  const std::string file = JpegWithHiddenFrame(20000, 20000);
  const auto header = ReadImageHeader(file);
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->width, 20000);
  EXPECT_EQ(header->height, 20000);
  EXPECT_NE(Refusal(file).find("20000x20000 pixels"), std::string::npos) << Refusal(file);
  // The same layout with an honest size decodes: the refusal is the size.
  EXPECT_EQ(Refusal(JpegWithHiddenFrame(8, 8)), "");
  EXPECT_EQ(DecodeMemoryInUse(), 0);
}

TEST(ImageGateTest, SizesThatLieAreRefusedFromTheHeader) {
  EXPECT_NE(Refusal(WithJpegFrameSize(FlatJpeg(64, 64), 60000, 60000)).find("pixels"), std::string::npos);
  EXPECT_NE(Refusal(WithPngSize(FlatPng(64, 64), 50000, 50000)).find("pixels"), std::string::npos);
  // Within the pixel cap but not the data: the decoder's own verdict.
  EXPECT_NE(Refusal(WithJpegFrameSize(FlatJpeg(64, 64), 4000, 4000)), "");
  EXPECT_NE(Refusal(WithPngSize(FlatPng(64, 64), 4000, 4000)), "");
}

TEST(ImageGateTest, AProgressiveJpegCostsItsCoefficients) {
  const int side = 2000;
  const auto baseline = ReadImageHeader(FlatJpeg(side, side));
  const std::string progressive_file = FlatJpeg(side, side, 40, 90, 200, true);
  const auto progressive = ReadImageHeader(progressive_file);
  ASSERT_TRUE(baseline && progressive);
  EXPECT_FALSE(baseline->multi_scan);
  EXPECT_TRUE(progressive->multi_scan);
  // 4:2:0: one and a half 8x8 blocks of 64 two-byte coefficients per 64 pixels.
  // (The two files differ in size, which the estimate also counts.)
  EXPECT_GE(progressive->decode_bytes - baseline->decode_bytes, std::int64_t{side} * side * 3 * 99 / 100);
  const std::int64_t between = (baseline->decode_bytes + progressive->decode_bytes) / 2;
  const ImageLimits limits{15 * kMiB, 40'000'000, between};
  EXPECT_EQ(Refusal(FlatJpeg(side, side), limits), "");
  const std::string refusal = Refusal(progressive_file, limits);
  EXPECT_NE(refusal.find("progressive"), std::string::npos) << refusal;
  ExpectColour(Stored(progressive_file), 40, 90, 200);
}

TEST(ImageGateTest, ASixteenBitRgbaPngCostsWhatItsBgrImageDoes) {
  const int side = 3000;
  const std::string deep = FlatPng(side, side, true);
  const auto header = ReadImageHeader(deep);
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->channels, 4);
  EXPECT_EQ(header->bits_per_channel, 16);
  // Decoded as it is stored it would be 8 bytes a pixel (72 MB here).
  EXPECT_LT(header->decode_bytes, std::int64_t{side} * side * 3 + kMiB);
  const cv::Mat stored = Stored(deep, {15 * kMiB, 40'000'000, 32 * kMiB});
  EXPECT_EQ(stored.cols, side);
  ExpectColour(stored, 10000 / 257, 20000 / 257, 50000 / 257);
  EXPECT_NE(Refusal(deep, {15 * kMiB, 40'000'000, 16 * kMiB}).find("16 bits"), std::string::npos);
}

TEST(ImageGateTest, PalettesAndTransparencyAreCompositedOntoWhite) {
  // Entry 1 is (200, 0, 0) at alpha 128: over white, (227, 127, 127).
  ExpectColour(Stored(PalettePng(64, 48, 200, 0, 0, 128)), 127, 127, 227);
  ExpectColour(Stored(PalettePng(64, 48, 0, 0, 255, 255)), 255, 0, 0);
  EXPECT_EQ(ReadImageHeader(PalettePng(64, 48, 0, 0, 0, 0))->channels, 1);
}

TEST(ImageGateTest, WebpLossyAndLosslessDecodeAnimationsAreRefused) {
  for (const bool lossless : {false, true}) {
    const cv::Mat stored = Stored(FlatWebp(120, 80, lossless));
    EXPECT_EQ(stored.cols, 120);
    EXPECT_EQ(stored.rows, 80);
    ExpectColour(stored, 40, 90, 200, lossless ? 1 : 6);
  }
  EXPECT_NE(Refusal(AnimatedWebpHeader()).find("animated"), std::string::npos);
}

TEST(ImageGateTest, TruncatedFilesAreRefusedInEveryFormat) {
  const std::vector<std::string> files = {FlatJpeg(300, 200), FlatJpeg(300, 200, 1, 2, 3, true), FlatPng(300, 200),
                                          FlatWebp(300, 200, false), FlatWebp(300, 200, true)};
  for (const auto& file : files) {
    for (const std::size_t keep : {file.size() / 2, file.size() - 9}) {
      const std::string refusal = Refusal(file.substr(0, keep));
      EXPECT_NE(refusal, "") << "kept " << keep << " of " << file.size();
    }
    EXPECT_NE(Refusal(file.substr(0, file.size() / 2)).find("truncated"), std::string::npos)
        << Refusal(file.substr(0, file.size() / 2));
  }
}

TEST(ImageGateTest, PolyglotsAreDecodedAsTheirFirstBytesSay) {
  // A PNG with a JPEG after it is the PNG; a JPEG with a ZIP after it is
  // the JPEG; a GIF is refused, whatever else it carries.
  const cv::Mat png_first = Stored(FlatPng(30, 20) + FlatJpeg(300, 200));
  EXPECT_EQ(png_first.cols, 30);
  const cv::Mat jpeg_first = Stored(FlatJpeg(40, 20) + std::string("PK\x03\x04", 4) + std::string(400, 'z'));
  EXPECT_EQ(jpeg_first.cols, 40);
  EXPECT_NE(Refusal("GIF89a" + FlatJpeg(40, 20)).find("not a JPEG, PNG or WebP"), std::string::npos);
}

TEST(ImageGateTest, StripsAreStoredUpToTheAspectLimitAndRefusedBeyond) {
  // Scaled to the thumbnail, a 4000x1 strip was 0 pixels high (found by
  // the fuzzer: OpenCV threw from resize); the classifier scaled a 65500x1
  // one's shorter side up to gigabytes (found in review). Sides may differ
  // 20 times at most; within that, every size stores.
  for (const auto& [w, h] : {std::pair{4000, 1}, std::pair{1, 65500}, std::pair{2100, 100}}) {
    EXPECT_NE(Refusal(FlatPng(w, h)).find("at most 20 times"), std::string::npos) << w << "x" << h;
  }
  struct Strip {
    int w, h, stored_w, stored_h;
  };
  for (const Strip s : {Strip{400, 20, 400, 20}, Strip{20, 400, 20, 400}, Strip{5000, 250, 4096, 205}}) {
    const NormalizedPhoto photo = NormalizePhoto(FlatPng(s.w, s.h), {});
    EXPECT_EQ(photo.width, s.stored_w);
    EXPECT_EQ(photo.height, s.stored_h);
    EXPECT_FALSE(photo.thumbnail_jpeg.empty());
  }
}

TEST(ImageGateTest, TheExifOrientationTurnsThePhoto) {
  // An APP1 Exif block with one IFD0 entry: orientation (0x0112) = 6.
  const std::string tiff = std::string("II*\0\x08\0\0\0", 8) + std::string("\x01\0", 2) +
                           std::string("\x12\x01\x03\0\x01\0\0\0\x06\0\0\0", 12) + std::string(4, '\0');
  const std::string exif = std::string("Exif\0\0", 6) + tiff;
  const std::string app1 = std::string("\xFF\xE1", 2) + std::string(1, '\0') + std::string(1, static_cast<char>(exif.size() + 2)) + exif;
  const std::string jpeg = FlatJpeg(40, 20);
  const cv::Mat stored = Stored(jpeg.substr(0, 2) + app1 + jpeg.substr(2));
  EXPECT_EQ(stored.cols, 20);
  EXPECT_EQ(stored.rows, 40);
}

TEST(ImageGateTest, HeadersAreReadFromTheFirstBytesOnly) {
  const std::string jpeg = FlatJpeg(640, 480);
  EXPECT_FALSE(ReadImageHeader(jpeg.substr(0, 20)).has_value());
  EXPECT_EQ(ReadImageHeader(jpeg.substr(0, jpeg.size() / 2))->width, 640);
  const std::string png = FlatPng(640, 480);
  EXPECT_FALSE(ReadImageHeader(png.substr(0, 20)).has_value());
  EXPECT_EQ(ReadImageHeader(png.substr(0, 40))->height, 480);
  const std::string webp = FlatWebp(640, 480, false);
  EXPECT_EQ(ReadImageHeader(webp.substr(0, 40))->width, 640);
  EXPECT_THROW(ReadImageHeader(std::string(40, 'x')), ImageError);
}

TEST(ImageGateTest, DecodesInFlightShareOneBudget) {
  SetDecodeMemoryBudget(64 * kMiB, std::chrono::milliseconds(50));
  const std::string jpeg = FlatJpeg(1000, 1000);  // about 6 MiB to decode
  {
    DecodeLease held;
    held.Reserve(60 * kMiB);
    EXPECT_EQ(DecodeMemoryInUse(), 60 * kMiB);
    EXPECT_THROW(NormalizePhoto(jpeg, {}), BusyError);
    held.ShrinkTo(40 * kMiB);
    EXPECT_NO_THROW(NormalizePhoto(jpeg, {}));
  }
  EXPECT_EQ(DecodeMemoryInUse(), 0);
  // Larger than the whole budget: refused for what it is, not "busy".
  EXPECT_NE(Refusal(FlatJpeg(4000, 4000), {15 * kMiB, 40'000'000, 256 * kMiB}).find("decode budget"), std::string::npos);
  SetDecodeMemoryBudget(1LL << 30, std::chrono::milliseconds(2000));
}

}  // namespace
}  // namespace stylist::ml
