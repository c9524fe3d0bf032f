// The garment's pattern from its edges. Inside the garment (its outline
// eroded away), strong edges are counted and their orientations binned:
//   few strong edges                          -> solid
//   most edge energy in one orientation        -> striped
//   most in two orientations about 90° apart   -> checked
//   plenty of edges in no such arrangement     -> printed (florals, graphics)
// Folds and seams give soft or scattered edges, which the thresholds below
// were set to pass as solid on the shared clothing photos.
#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>

#include "garment.h"

namespace stylist::ml {
namespace {

constexpr int kBins = 12;  // 15° each over 0..180°
// A Sobel response (3x3, 8-bit input) above this is a real edge, not a
// fold's shading or sensor noise.
constexpr float kStrongEdge = 280.0f;
// Share of garment pixels on strong edges under which the garment is solid.
constexpr double kSolidBelow = 0.06;

// Share of the histogram's mass within ±1 bin of `centre` (circular).
double WindowShare(const std::array<double, kBins>& h, int centre, double total) {
  double s = 0;
  for (int d = -1; d <= 1; ++d) s += h[static_cast<std::size_t>((centre + d + kBins) % kBins)];
  return s / total;
}

Prediction Make(const char* label, double confidence) {
  return {label, static_cast<float>(std::clamp(confidence, 0.05, 0.95))};
}

}  // namespace

Prediction PatternOf(const Garment& garment) {
  cv::Mat inner;
  cv::erode(garment.mask, inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(9, 9)));
  const int area = cv::countNonZero(inner);
  if (area < 200) return Make("solid", 0.3);  // too little garment to tell

  // Gradients per colour channel, keeping the strongest at each pixel: a
  // pattern of two equally light colours has no edges in grey.
  cv::Mat gx(garment.bgr.size(), CV_32F, cv::Scalar(0)), gy(garment.bgr.size(), CV_32F, cv::Scalar(0));
  {
    std::vector<cv::Mat> channels;
    cv::split(garment.bgr, channels);
    cv::Mat best(garment.bgr.size(), CV_32F, cv::Scalar(0));
    for (const auto& c : channels) {
      cv::Mat cx, cy, m;
      cv::Sobel(c, cx, CV_32F, 1, 0, 3);
      cv::Sobel(c, cy, CV_32F, 0, 1, 3);
      cv::magnitude(cx, cy, m);
      const cv::Mat stronger = m > best;
      m.copyTo(best, stronger);
      cx.copyTo(gx, stronger);
      cy.copyTo(gy, stronger);
    }
  }
  std::array<double, kBins> hist{};
  int strong = 0;
  for (int y = 0; y < gx.rows; ++y) {
    const auto* m = inner.ptr<uchar>(y);
    const auto* px = gx.ptr<float>(y);
    const auto* py = gy.ptr<float>(y);
    for (int x = 0; x < gx.cols; ++x) {
      if (!m[x]) continue;
      const float magnitude = std::hypot(px[x], py[x]);
      if (magnitude < kStrongEdge) continue;
      ++strong;
      double angle = std::atan2(py[x], px[x]) * 180.0 / CV_PI;  // -180..180
      if (angle < 0) angle += 180.0;
      hist[static_cast<std::size_t>(std::min(kBins - 1, static_cast<int>(angle / (180.0 / kBins))))] += magnitude;
    }
  }
  const double edge_share = static_cast<double>(strong) / area;
  if (edge_share < kSolidBelow) return Make("solid", 0.95 - 10 * edge_share);

  double total = 0;
  int peak = 0;
  for (int i = 0; i < kBins; ++i) {
    total += hist[static_cast<std::size_t>(i)];
    if (hist[static_cast<std::size_t>(i)] > hist[static_cast<std::size_t>(peak)]) peak = i;
  }
  const double first = WindowShare(hist, peak, total);
  const double second = WindowShare(hist, (peak + kBins / 2) % kBins, total);
  // Few edges make every answer but solid less sure.
  const double evidence = std::min(1.0, edge_share / 0.12);
  if (first >= 0.6 && second < 0.15 && edge_share >= 0.1) return Make("striped", (0.4 + 0.5 * first) * (0.5 + 0.5 * evidence));
  if (first >= 0.3 && second >= 0.25 && first + second >= 0.7) {
    return Make("checked", (0.3 + 0.6 * (first + second - 0.5)) * (0.5 + 0.5 * evidence));
  }
  return Make("printed", (0.35 + 0.4 * (1 - first - second)) * (0.5 + 0.5 * evidence));
}

}  // namespace stylist::ml
