#include "garment.h"

#include <opencv2/imgproc.hpp>

#include "decode.h"

namespace stylist::ml {
namespace {

// GrabCut's cost grows with the pixel count; the outline needs few.
constexpr int kCutSide = 80;

cv::Mat CutMask(const cv::Mat& bgr) {
  const int dx = std::max(1, bgr.cols * 8 / 100), dy = std::max(1, bgr.rows * 8 / 100);
  const cv::Rect rect(dx, dy, bgr.cols - 2 * dx, bgr.rows - 2 * dy);
  cv::Mat mask(bgr.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
  cv::Mat bgd, fgd;
  try {
    cv::setRNGSeed(12345);
    cv::grabCut(bgr, mask, rect, bgd, fgd, 3, cv::GC_INIT_WITH_RECT);
  } catch (const cv::Exception&) {
    // A flat image (one colour everywhere) has nothing to separate.
    mask.setTo(cv::GC_BGD);
    mask(rect).setTo(cv::GC_PR_FGD);
  }
  cv::Mat fg = (mask == cv::GC_FGD) | (mask == cv::GC_PR_FGD);
  // A cut that keeps almost nothing failed; the framing rectangle is the
  // better guess then.
  if (cv::countNonZero(fg) < static_cast<int>(bgr.total() / 20)) {
    fg.setTo(0);
    fg(rect).setTo(255);
  }
  return fg;
}

}  // namespace

Garment IsolateGarment(const cv::Mat& upright_bgr) {
  Garment g;
  g.bgr = FitWithin(upright_bgr, kGarmentSide);
  const cv::Mat small = FitWithin(g.bgr, kCutSide);
  const cv::Mat cut = CutMask(small);
  cv::resize(cut, g.mask, g.bgr.size(), 0, 0, cv::INTER_NEAREST);
  return g;
}

}  // namespace stylist::ml
