// Skin analysis of a face photo, measured with OpenCV: a quality gate
// (face found, large, lit and sharp enough), then measurements on the face
// region that score the skin type and eight conditions.
//
// What is measured, and its limits: the scores come from image evidence
// (redness from the CIELAB a* channel, shine from specular highlights,
// texture from local variance, fine lines from ridge density, spots from
// morphological black-hat and red-blob counts, tone unevenness from the
// spread of lightness), mapped to 0..1 by logistic curves whose midpoints
// were set by hand on sample photos. They are not calibrated against
// dermatologists' labels and are not medical advice.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "stylist_ml/common.h"

namespace stylist::ml {

enum class SkinPhotoIssue { kNoFace, kMultipleFaces, kFaceTooSmall, kTooDark, kTooBright, kBlurred };

// The eight conditions of Skin Chapters, in this order.
inline constexpr std::array<const char*, 8> kSkinConditions = {
    "acne", "blackheads", "wrinkles", "dullness", "redness", "dehydration", "hyperpigmentation", "uneven_texture"};
// The six skin types, in this order.
inline constexpr std::array<const char*, 6> kSkinTypes = {"oily", "dry", "normal", "combination", "wrinkly",
                                                          "sensitive"};

struct FaceBox {
  int x = 0, y = 0, width = 0, height = 0;
};

struct SkinQuality {
  // False when a blocking issue was found; kMultipleFaces alone does not
  // block (the largest face is analysed).
  bool passed = false;
  std::vector<SkinPhotoIssue> issues;
  std::string hint;  // one sentence for the user
  int faces = 0;
  FaceBox face;  // the face analysed, in the upright image's pixels
};

// The raw measurements, kept with each analysis so that a later, better
// scoring can be compared with the same evidence.
struct SkinMeasurements {
  double mean_lightness = 0;     // mean L* of skin pixels, 0..100
  double chroma = 0;             // mean chroma (a*, b*) of skin pixels
  double redness = 0;            // mean a* of skin pixels
  double red_spots = 0;          // small blobs redder than their surroundings, count
  double blackhead_density = 0;  // small dark points per 1000 px on nose and cheeks
  double dark_spot_share = 0;    // share of skin in larger dark patches
  double shine_share = 0;        // share of the face in specular highlights
  double tzone_shine_share = 0;  // the same on forehead and nose
  double cheek_shine_share = 0;  // the same on the cheeks
  double texture = 0;            // standard deviation of fine-scale L* detail
  double line_density = 0;       // share of forehead and under-eye pixels on fine lines
  double tone_spread = 0;        // standard deviation of smoothed L* over the skin
  double sharpness = 0;          // variance of the Laplacian of the face
};

// Probabilities of the conditions and of the skin type from measurements.
// Pure and deterministic; exposed for tests.
struct SkinScores {
  std::array<float, 8> conditions{};  // kSkinConditions order
  std::size_t type_index = 2;         // into kSkinTypes
  float type_confidence = 0;
};
SkinScores ScoreSkin(const SkinMeasurements& m);

struct SkinResult {
  SkinQuality quality;
  // Present only when quality.passed.
  std::string skin_type;
  float skin_type_confidence = 0;
  std::array<float, 8> conditions{};  // probabilities, kSkinConditions order
  SkinMeasurements measurements;
};

class SkinAnalyzer {
 public:
  // Loads the OpenCV face detector (a cascade XML file, e.g. Debian's
  // opencv-data haarcascade_frontalface_default.xml). Throws ModelError.
  static std::unique_ptr<SkinAnalyzer> Load(const std::string& face_cascade_path);
  virtual ~SkinAnalyzer() = default;

  // Thread-safe. Throws ImageError for bytes that are refused.
  virtual SkinResult Analyze(const std::string& encoded, const ImageLimits& limits = {}) const = 0;
  virtual const std::string& version() const = 0;
};

}  // namespace stylist::ml
