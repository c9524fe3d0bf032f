// Clothing photo analysis: the garment type from a TorchScript classifier,
// and from OpenCV measurements of the garment (separated from its
// background) its dominant colours and its pattern; the style follows from
// type, colours and pattern by rules.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "stylist_ml/common.h"

namespace stylist::ml {

struct Prediction {
  std::string label;
  float confidence = 0;  // 0..1
};

struct ColorShare {
  std::string name;  // from the fashion palette, e.g. "navy"
  std::string hex;   // the measured colour, "#rrggbb"
  int r = 0, g = 0, b = 0;
  float share = 0;  // of the garment's pixels, 0..1
  // The family a person names it by: black, white, grey, beige, brown, red,
  // pink, orange, yellow, green, blue or purple ("navy" is blue).
  std::string family;
};

struct ClothingResult {
  Prediction type;
  std::vector<Prediction> ranked;  // every label, most likely first
  std::vector<ColorShare> colors;  // largest share first
  // "solid", "striped", "checked" or "printed" (busy texture without one
  // or two dominant directions: florals, graphics, prints).
  Prediction pattern;
  // "formal", "smart", "casual", "sporty" or "evening", from rules over
  // type, colours and pattern; its confidence is never high.
  Prediction style;
};

class ClothingModel {
 public:
  // Loads <dir>/manifest.json and the model file it names, checking its
  // sha256, and starts the inference threads. Throws ModelError saying
  // what is wrong.
  static std::unique_ptr<ClothingModel> Load(const std::string& dir, const InferenceOptions& options = {});
  virtual ~ClothingModel() = default;

  // Analyses an encoded image (JPEG, PNG, WebP by content). Thread-safe;
  // concurrent calls share batches. Throws ImageError for bytes that are
  // refused (the message says why) and BusyError when the queue is full.
  virtual ClothingResult Analyze(const std::string& encoded, const ImageLimits& limits = {}) const = 0;

  virtual const std::string& version() const = 0;
  virtual const std::vector<std::string>& labels() const = 0;
  // Below this type confidence an answer is a suggestion, not a fact: the
  // manifest's low_confidence_threshold, chosen on validation photos so
  // that the answers at or above it are right at least 97 % of the time
  // (ml/training/calibrate_clothing.py); 0.5 for a model without one.
  virtual float low_confidence_threshold() const = 0;
};

// Measurements on a decoded garment, exposed for tests; the model runs
// them on every Analyze. Both are deterministic.
//
// The dominant colours: the garment is separated from its background
// (GrabCut from a centred rectangle), its pixels clustered (k-means in
// CIELAB) and each cluster named from the palette.
std::vector<ColorShare> GarmentColors(const std::string& encoded, const ImageLimits& limits = {});
// The pattern, from the orientation of strong edges inside the garment.
Prediction GarmentPattern(const std::string& encoded, const ImageLimits& limits = {});
// The style rules.
Prediction StyleOf(const std::string& type, const std::vector<ColorShare>& colors, const std::string& pattern);

}  // namespace stylist::ml
