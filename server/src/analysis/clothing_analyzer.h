// The seam between the wardrobe's analysis queue and the clothing model.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "stylist/v1/common.pb.h"

namespace stylist::analysis {

// The analysis could not run (no model, model failed). The queue records
// the message and retries; an RPC answers UNAVAILABLE. (An image the model
// refuses is an ApiError INVALID_ARGUMENT; a full inference queue an
// ApiError RESOURCE_EXHAUSTED.)
class AnalyzerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ClothingAnalyzer {
 public:
  virtual ~ClothingAnalyzer() = default;
  // Analyses a photo of one garment (JPEG, PNG or WebP). Thread-safe.
  virtual v1::ClothingAnalysis Analyze(const std::string& jpeg) = 0;
};

// Until a clothing model is installed (the analysis issue), every analysis
// fails with this honest error instead of inventing tags.
std::unique_ptr<ClothingAnalyzer> NewUnavailableAnalyzer();

}  // namespace stylist::analysis
