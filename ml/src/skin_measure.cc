#include "skin_measure.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace stylist::ml {
namespace {

// Regions of the normalised face, as fractions of its box (a Haar box runs
// from mid-forehead to the chin).
cv::Rect Region(double x0, double y0, double x1, double y1) {
  return cv::Rect(cv::Point(static_cast<int>(x0 * kFaceSide), static_cast<int>(y0 * kFaceSide)),
                  cv::Point(static_cast<int>(x1 * kFaceSide), static_cast<int>(y1 * kFaceSide)));
}
const cv::Rect kForehead = Region(0.25, 0.06, 0.75, 0.24);
const cv::Rect kNose = Region(0.40, 0.38, 0.60, 0.66);
const cv::Rect kLeftCheek = Region(0.14, 0.50, 0.38, 0.76);
const cv::Rect kRightCheek = Region(0.62, 0.50, 0.86, 0.76);
const cv::Rect kLeftUnderEye = Region(0.20, 0.42, 0.42, 0.52);
const cv::Rect kRightUnderEye = Region(0.58, 0.42, 0.80, 0.52);

double ShareOn(const cv::Mat& on, const cv::Mat& mask) {
  const int n = cv::countNonZero(mask);
  return n ? static_cast<double>(cv::countNonZero(on & mask)) / n : 0.0;
}

double ShareOn(const cv::Mat& on, const cv::Mat& mask, std::initializer_list<cv::Rect> regions) {
  int hit = 0, n = 0;
  for (const auto& r : regions) {
    hit += cv::countNonZero(on(r) & mask(r));
    n += cv::countNonZero(mask(r));
  }
  return n ? static_cast<double>(hit) / n : 0.0;
}

// Connected blobs of `binary` (inside `mask`) with an area in [min, max].
int CountBlobs(const cv::Mat& binary, const cv::Mat& mask, int min_area, int max_area) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(binary & mask, labels, stats, centroids, 8);
  int count = 0;
  for (int i = 1; i < n; ++i) {
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (area >= min_area && area <= max_area) ++count;
  }
  return count;
}

float Logistic(double x) { return static_cast<float>(1.0 / (1.0 + std::exp(-x))); }

}  // namespace

FaceImage NormaliseFace(const cv::Mat& bgr, const cv::Rect& face) {
  FaceImage f;
  cv::resize(bgr(face & cv::Rect(0, 0, bgr.cols, bgr.rows)), f.bgr, cv::Size(kFaceSide, kFaceSide), 0, 0,
             cv::INTER_AREA);
  cv::Mat float_bgr;
  f.bgr.convertTo(float_bgr, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(float_bgr, f.lab, cv::COLOR_BGR2Lab);
  f.oval = cv::Mat::zeros(f.bgr.size(), CV_8UC1);
  cv::ellipse(f.oval, cv::Point(kFaceSide / 2, kFaceSide * 53 / 100), cv::Size(kFaceSide * 40 / 100, kFaceSide * 48 / 100),
              0, 0, 360, cv::Scalar(255), cv::FILLED);
  // Skin colour in YCrCb (the classic Cr 133..173, Cb 77..127 box, a little
  // widened for light and dark skin alike): leaves out eyes, brows, hair,
  // lips' edges and background in the oval's corners.
  cv::Mat ycrcb, skin_colour;
  cv::cvtColor(f.bgr, ycrcb, cv::COLOR_BGR2YCrCb);
  cv::inRange(ycrcb, cv::Scalar(0, 128, 70), cv::Scalar(255, 180, 135), skin_colour);
  f.skin = skin_colour & f.oval;
  // A face the colour test rejects almost entirely (unusual light): the
  // oval is a better guess than a handful of pixels.
  if (cv::countNonZero(f.skin) < cv::countNonZero(f.oval) / 5) f.skin = f.oval.clone();
  return f;
}

Exposure MeasureExposure(const FaceImage& f) {
  Exposure e;
  std::vector<cv::Mat> lab;
  cv::split(f.lab, lab);
  e.mean_lightness = cv::mean(lab[0], f.oval)[0];
  cv::Mat max_channel;
  std::vector<cv::Mat> bgr;
  cv::split(f.bgr, bgr);
  cv::max(bgr[0], bgr[1], max_channel);
  cv::max(max_channel, bgr[2], max_channel);
  e.clipped_share = ShareOn(max_channel >= 250, f.oval);
  return e;
}

double Sharpness(const FaceImage& f) {
  cv::Mat gray, laplacian;
  cv::cvtColor(f.bgr, gray, cv::COLOR_BGR2GRAY);
  cv::Laplacian(gray, laplacian, CV_64F, 3);
  cv::Scalar mean, stddev;
  cv::meanStdDev(laplacian, mean, stddev, f.oval);
  return stddev[0] * stddev[0];
}

SkinMeasurements Measure(const FaceImage& f) {
  SkinMeasurements m;
  std::vector<cv::Mat> lab;
  cv::split(f.lab, lab);
  const cv::Mat& L = lab[0];
  const cv::Mat& a = lab[1];
  const cv::Mat& b = lab[2];

  m.mean_lightness = cv::mean(L, f.skin)[0];
  m.redness = cv::mean(a, f.skin)[0];
  cv::Mat chroma;
  cv::magnitude(a, b, chroma);
  m.chroma = cv::mean(chroma, f.skin)[0];

  // Red spots: a* well above its neighbourhood, in small blobs.
  cv::Mat a_background;
  cv::GaussianBlur(a, a_background, cv::Size(0, 0), 8);
  cv::Mat red_excess = (a - a_background) > 6.0;
  m.red_spots = CountBlobs(red_excess, f.skin, 4, 150);

  // Dark points (blackheads) and dark patches (pigmentation): black-hat of
  // L* at two scales.
  cv::Mat L8;
  L.convertTo(L8, CV_8U, 255.0 / 100.0);
  cv::Mat small_dark, large_dark;
  cv::morphologyEx(L8, small_dark, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5)));
  // Patches are large: measured at half size (a 21 px kernel at full size
  // costs more than everything else here together).
  cv::Mat half, half_dark;
  cv::resize(L8, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
  cv::morphologyEx(half, half_dark, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(11, 11)));
  cv::resize(half_dark, large_dark, L8.size(), 0, 0, cv::INTER_LINEAR);
  cv::Mat nose_cheeks = cv::Mat::zeros(f.skin.size(), CV_8UC1);
  for (const auto& r : {kNose, kLeftCheek, kRightCheek}) f.skin(r).copyTo(nose_cheeks(r));
  const int nose_cheek_area = std::max(1, cv::countNonZero(nose_cheeks));
  m.blackhead_density = 1000.0 * CountBlobs(small_dark > 25, nose_cheeks, 1, 10) / nose_cheek_area;
  // Patches, not the small points nor the shadows of the face's relief
  // (those are wider than the kernel and vanish in the black-hat).
  // Measured on forehead and cheeks only: eyes, brows, nostrils and lips
  // are dark patches too.
  cv::Mat patches = (large_dark > 18) & ~(small_dark > 25);
  m.dark_spot_share = ShareOn(patches, f.skin, {kForehead, kLeftCheek, kRightCheek});

  // Specular highlights: bright and nearly colourless, on the whole oval
  // (highlights fail the skin-colour test).
  cv::Mat hsv;
  cv::cvtColor(f.bgr, hsv, cv::COLOR_BGR2HSV);
  std::vector<cv::Mat> hsv_channels;
  cv::split(hsv, hsv_channels);
  const cv::Mat specular = (hsv_channels[2] >= 235) & (hsv_channels[1] <= 60);
  m.shine_share = ShareOn(specular, f.oval);
  m.tzone_shine_share = ShareOn(specular, f.oval, {kForehead, kNose});
  m.cheek_shine_share = ShareOn(specular, f.oval, {kLeftCheek, kRightCheek});

  // Fine texture: L* minus a slightly blurred L*.
  cv::Mat L_smooth, detail;
  cv::GaussianBlur(L, L_smooth, cv::Size(0, 0), 2.0);
  cv::subtract(L, L_smooth, detail);
  cv::Scalar mean, stddev;
  cv::meanStdDev(detail, mean, stddev, f.skin);
  m.texture = stddev[0];

  // Fine lines: thin dark ridges (negative detail at a fine scale, after
  // smoothing out pore noise) on the forehead and under the eyes.
  cv::Mat ridges;
  cv::GaussianBlur(detail, ridges, cv::Size(0, 0), 1.0);
  const cv::Mat line_pixels = ridges < -2.0;
  m.line_density = ShareOn(line_pixels, f.skin, {kForehead, kLeftUnderEye, kRightUnderEye});

  // Tone unevenness: spread of L* at the scale of patches, after removing
  // the face's relief shading (the much smoother component), on forehead
  // and cheeks.
  cv::Mat L_patches, L_relief, tone;
  cv::GaussianBlur(L, L_patches, cv::Size(0, 0), 4.0);
  cv::GaussianBlur(L, L_relief, cv::Size(0, 0), 20.0);
  cv::subtract(L_patches, L_relief, tone);
  cv::Mat tone_mask = cv::Mat::zeros(f.skin.size(), CV_8UC1);
  for (const auto& r : {kForehead, kLeftCheek, kRightCheek}) f.skin(r).copyTo(tone_mask(r));
  cv::meanStdDev(tone, mean, stddev, tone_mask);
  m.tone_spread = stddev[0];
  return m;
}

// The curves' midpoints and widths were set by hand on sample photos; see
// skin_analyzer.h for what that means for the numbers.
SkinScores ScoreSkin(const SkinMeasurements& m) {
  SkinScores s;
  auto& c = s.conditions;
  c[0] = Logistic((m.red_spots - 24.0) / 5.0);                       // acne
  c[1] = Logistic((m.blackhead_density - 3.0) / 1.0);                // blackheads
  c[2] = Logistic((m.line_density - 0.10) / 0.03);                   // wrinkles
  c[3] = Logistic(((50.0 - m.mean_lightness) / 6.0) + ((10.0 - m.chroma) / 3.0) - 20.0 * m.shine_share);  // dullness
  c[4] = Logistic((m.redness - 18.0) / 2.5);                         // redness
  c[5] = Logistic((m.texture - 3.0) / 0.5 - 20.0 * m.shine_share);   // dehydration
  c[6] = Logistic((m.dark_spot_share - 0.2) / 0.04 + (m.tone_spread - 11.0) / 2.0);  // hyperpigmentation
  c[7] = Logistic((m.texture - 3.2) / 0.5);                          // uneven_texture

  // Skin type: evidence for each, in logistic units; the largest wins, its
  // softmax share is the confidence.
  const double oily = (m.shine_share - 0.2) / 0.04;
  const double combination = (m.tzone_shine_share - m.cheek_shine_share - 0.08) / 0.03;
  const double dry = (m.texture - 3.0) / 0.5 - 20.0 * m.shine_share;
  const double wrinkly = (m.line_density - 0.12) / 0.03;
  const double sensitive = (m.redness - 19.0) / 2.5;
  const double normal = 0.0;  // wins when no other evidence stands out
  const std::array<double, 6> evidence = {oily, dry, normal, combination, wrinkly, sensitive};
  double total = 0;
  std::size_t best = 2;
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    total += std::exp(std::clamp(evidence[i], -20.0, 20.0));
    if (evidence[i] > evidence[best]) best = i;
  }
  s.type_index = best;
  s.type_confidence = static_cast<float>(std::exp(std::clamp(evidence[best], -20.0, 20.0)) / total);
  return s;
}

}  // namespace stylist::ml
