#include "analysis/clothing_analyzer.h"

namespace stylist::analysis {
namespace {

class UnavailableAnalyzer final : public ClothingAnalyzer {
 public:
  v1::ClothingAnalysis Analyze(const std::string&) override {
    throw AnalyzerError("no clothing analysis model is installed on this server");
  }
};

}  // namespace

std::unique_ptr<ClothingAnalyzer> NewUnavailableAnalyzer() { return std::make_unique<UnavailableAnalyzer>(); }

}  // namespace stylist::analysis
