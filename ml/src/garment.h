// The garment in a clothing photo, apart from its background (these are
// phone photos on floors, beds and hangers), at the small working size the
// colour and pattern measurements need.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

#include "stylist_ml/clothing_model.h"

namespace stylist::ml {

struct Garment {
  cv::Mat bgr;   // the photo at the working size (longer side kGarmentSide)
  cv::Mat mask;  // 255 on the garment, 0 on the background, same size
};

inline constexpr int kGarmentSide = 160;

// GrabCut seeded with a centred rectangle (photos are framed on the
// garment), run at a quarter of the pixels and scaled up. Deterministic.
Garment IsolateGarment(const cv::Mat& upright_bgr);

std::vector<ColorShare> ColorsOf(const Garment& garment);
Prediction PatternOf(const Garment& garment);

}  // namespace stylist::ml
