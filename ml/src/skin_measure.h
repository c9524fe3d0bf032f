// The measurements behind skin analysis, on a face cut out and scaled to a
// fixed size so that every number is comparable between photos.
#pragma once

#include <opencv2/core.hpp>

#include "stylist_ml/skin_analyzer.h"

namespace stylist::ml {

inline constexpr int kFaceSide = 256;

struct FaceImage {
  cv::Mat bgr;   // kFaceSide x kFaceSide
  cv::Mat lab;   // CV_32FC3: L* 0..100, a*, b*
  cv::Mat skin;  // 255 where the pixel is skin: inside the face ellipse, skin-coloured
  cv::Mat oval;  // 255 inside the face ellipse (highlights included)
};

FaceImage NormaliseFace(const cv::Mat& bgr, const cv::Rect& face);

struct Exposure {
  double mean_lightness = 0;  // L*, face oval
  double clipped_share = 0;   // share of the oval with a channel at 250 or more
};
Exposure MeasureExposure(const FaceImage& f);

// Variance of the Laplacian of the face's grey levels: low when blurred.
double Sharpness(const FaceImage& f);

SkinMeasurements Measure(const FaceImage& f);

}  // namespace stylist::ml
