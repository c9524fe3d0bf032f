// The clothing analyzer backed by the ml library's trained model.
#pragma once

#include <memory>
#include <string>

#include "analysis/clothing_analyzer.h"
#include "stylist_ml/common.h"

namespace stylist::analysis {

// Loads the model in <model_dir> (manifest.json + clothing.pt). Throws
// ml::ModelError saying what is wrong: a server with a broken model folder
// does not start. Images are checked against `limits` before decoding.
std::unique_ptr<ClothingAnalyzer> NewModelAnalyzer(const std::string& model_dir, const ml::InferenceOptions& options,
                                                   const ml::ImageLimits& limits);

}  // namespace stylist::analysis
