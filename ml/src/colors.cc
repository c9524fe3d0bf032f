// Garment colours: the garment's pixels clustered with k-means in CIELAB,
// clusters named from a fashion palette by the nearest colour (CIE76
// distance), clusters with the same name merged.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "garment.h"

namespace stylist::ml {
namespace {

struct PaletteColor {
  const char* name;
  int r, g, b;
};

// Names a wardrobe app shows; several shades per common garment colour.
constexpr std::array<PaletteColor, 34> kPalette = {{
    {"black", 20, 20, 20},        {"charcoal", 54, 69, 79},    {"grey", 128, 128, 128},
    {"light grey", 200, 200, 200}, {"white", 245, 245, 245},   {"cream", 255, 250, 220},
    {"beige", 225, 205, 170},     {"tan", 210, 180, 140},      {"camel", 193, 154, 107},
    {"khaki", 195, 176, 145},     {"brown", 111, 78, 55},      {"chocolate", 70, 45, 30},
    {"navy", 31, 42, 68},         {"blue", 46, 92, 184},       {"denim", 21, 96, 189},
    {"light blue", 167, 199, 231}, {"teal", 0, 128, 128},      {"turquoise", 64, 200, 200},
    {"green", 46, 139, 87},       {"olive", 112, 130, 56},     {"mint", 170, 230, 190},
    {"dark green", 20, 70, 40},   {"yellow", 241, 196, 15},    {"mustard", 212, 160, 23},
    {"orange", 230, 126, 34},     {"coral", 255, 127, 80},     {"red", 192, 57, 43},
    {"burgundy", 128, 0, 32},     {"pink", 244, 166, 184},     {"hot pink", 230, 60, 140},
    {"purple", 106, 61, 154},     {"lavender", 185, 166, 217}, {"silver", 192, 192, 192},
    {"gold", 212, 175, 55},
}};

cv::Vec3f ToLab(int r, int g, int b) {
  cv::Mat bgr(1, 1, CV_32FC3, cv::Scalar(b / 255.0, g / 255.0, r / 255.0));
  cv::Mat lab;
  cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
  return lab.at<cv::Vec3f>(0, 0);
}

const std::vector<cv::Vec3f>& PaletteLab() {
  static const std::vector<cv::Vec3f> lab = [] {
    std::vector<cv::Vec3f> out;
    for (const auto& p : kPalette) out.push_back(ToLab(p.r, p.g, p.b));
    return out;
  }();
  return lab;
}

std::size_t Nearest(const cv::Vec3f& lab) {
  const auto& palette = PaletteLab();
  std::size_t best = 0;
  double best_d = 1e18;
  for (std::size_t i = 0; i < palette.size(); ++i) {
    const double d = cv::norm(lab - palette[i]);
    if (d < best_d) best_d = d, best = i;
  }
  return best;
}

}  // namespace

std::vector<ColorShare> ColorsOf(const Garment& garment) {
  // Colour needs few pixels: every second pixel each way.
  cv::Mat image, mask;
  cv::resize(garment.bgr, image, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
  cv::resize(garment.mask, mask, image.size(), 0, 0, cv::INTER_NEAREST);
  cv::Mat lab_image;
  image.convertTo(lab_image, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(lab_image, lab_image, cv::COLOR_BGR2Lab);
  std::vector<cv::Vec3f> samples;
  std::vector<cv::Vec3b> rgb;
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) {
      if (!mask.at<uchar>(y, x)) continue;
      samples.push_back(lab_image.at<cv::Vec3f>(y, x));
      rgb.push_back(image.at<cv::Vec3b>(y, x));
    }
  }
  if (samples.empty()) return {};
  const int k = std::min<int>(4, static_cast<int>(samples.size()));
  cv::Mat data(static_cast<int>(samples.size()), 3, CV_32F, samples.data());
  cv::Mat labels, centers;
  cv::setRNGSeed(12345);
  cv::kmeans(data, k, labels, cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 20, 0.5), 2,
             cv::KMEANS_PP_CENTERS, centers);

  // Per palette name: pixel count and summed RGB (clusters with the same
  // name are one colour to the user).
  struct Acc {
    long count = 0;
    double r = 0, g = 0, b = 0;
  };
  std::map<std::size_t, Acc> by_name;
  std::vector<std::size_t> cluster_name(static_cast<std::size_t>(k));
  for (int c = 0; c < k; ++c) {
    cluster_name[static_cast<std::size_t>(c)] = Nearest(centers.at<cv::Vec3f>(c, 0));
  }
  for (std::size_t i = 0; i < samples.size(); ++i) {
    auto& acc = by_name[cluster_name[static_cast<std::size_t>(labels.at<int>(static_cast<int>(i)))]];
    ++acc.count;
    acc.b += rgb[i][0];
    acc.g += rgb[i][1];
    acc.r += rgb[i][2];
  }
  std::vector<ColorShare> out;
  for (const auto& [index, acc] : by_name) {
    ColorShare c;
    c.name = kPalette[index].name;
    c.r = static_cast<int>(std::lround(acc.r / acc.count));
    c.g = static_cast<int>(std::lround(acc.g / acc.count));
    c.b = static_cast<int>(std::lround(acc.b / acc.count));
    char hex[8];
    std::snprintf(hex, sizeof hex, "#%02x%02x%02x", c.r, c.g, c.b);
    c.hex = hex;
    c.share = static_cast<float>(acc.count) / static_cast<float>(samples.size());
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const ColorShare& a, const ColorShare& b) { return a.share > b.share; });
  return out;
}

}  // namespace stylist::ml
