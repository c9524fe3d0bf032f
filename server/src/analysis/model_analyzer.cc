#include "analysis/model_analyzer.h"

#include <cctype>
#include <map>

#include "common/api_error.h"
#include "common/proto_util.h"
#include "stylist_ml/clothing_model.h"

namespace stylist::analysis {
namespace {

// Below this confidence a pattern or style is shown as a suggestion, never
// applied. (The garment type's threshold is the model's own, calibrated.)
constexpr float kLowConfidence = 0.5f;

// The wardrobe category each classifier label belongs to.
v1::ClothingCategory CategoryOf(const std::string& label) {
  static const std::map<std::string, v1::ClothingCategory> kCategories = {
      {"dress", v1::CLOTHING_CATEGORY_DRESS},   {"hat", v1::CLOTHING_CATEGORY_HEADWEAR},
      {"longsleeve", v1::CLOTHING_CATEGORY_TOP}, {"outwear", v1::CLOTHING_CATEGORY_OUTERWEAR},
      {"pants", v1::CLOTHING_CATEGORY_BOTTOM},  {"shirt", v1::CLOTHING_CATEGORY_TOP},
      {"shoes", v1::CLOTHING_CATEGORY_SHOES},   {"shorts", v1::CLOTHING_CATEGORY_BOTTOM},
      {"skirt", v1::CLOTHING_CATEGORY_BOTTOM},  {"t-shirt", v1::CLOTHING_CATEGORY_TOP},
  };
  auto it = kCategories.find(label);
  return it == kCategories.end() ? v1::CLOTHING_CATEGORY_OTHER : it->second;
}

v1::ClothingPattern PatternOf(const std::string& label) {
  if (label == "solid") return v1::CLOTHING_PATTERN_SOLID;
  if (label == "striped") return v1::CLOTHING_PATTERN_STRIPED;
  if (label == "checked") return v1::CLOTHING_PATTERN_CHECKED;
  // "printed": florals, graphics and prints are not told apart yet.
  return v1::CLOTHING_PATTERN_OTHER;
}

v1::ColorFamily FamilyOf(const std::string& family) {
  v1::ColorFamily out = v1::COLOR_FAMILY_UNSPECIFIED;
  std::string upper = "COLOR_FAMILY_";
  for (const char ch : family) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  v1::ColorFamily_Parse(upper, &out);
  return out;
}

void SetColor(v1::ColorPrediction* out, const ml::ColorShare& c) {
  out->set_name(c.name);
  out->set_family(FamilyOf(c.family));
  out->set_hex(c.hex);
  out->mutable_rgb()->set_red(c.r);
  out->mutable_rgb()->set_green(c.g);
  out->mutable_rgb()->set_blue(c.b);
  out->set_share(c.share);
  // A colour covering little of the garment is a weak statement.
  out->set_confidence(std::min(1.0f, c.share * 2));
  out->set_low_confidence(c.share < 0.2f);
}

class ModelAnalyzer final : public ClothingAnalyzer {
 public:
  ModelAnalyzer(std::unique_ptr<ml::ClothingModel> model, const ml::ImageLimits& limits)
      : model_(std::move(model)), limits_(limits) {}

  v1::ClothingAnalysis Analyze(const std::string& jpeg) override {
    ml::ClothingResult r;
    try {
      r = model_->Analyze(jpeg, limits_);
    } catch (const ml::ImageError& e) {
      throw InvalidArgument("image", e.what());
    } catch (const ml::BusyError& e) {
      throw ResourceExhausted(std::string("clothing analysis is busy, retry with backoff: ") + e.what(),
                              "INFERENCE_BUSY");
    } catch (const ml::ModelError& e) {
      throw AnalyzerError(e.what());
    }
    v1::ClothingAnalysis a;
    a.mutable_type()->set_label(r.type.label);
    a.mutable_type()->set_confidence(r.type.confidence);
    const float type_threshold = model_->low_confidence_threshold();
    a.mutable_type()->set_low_confidence(r.type.confidence < type_threshold);
    a.mutable_category()->set_category(CategoryOf(r.type.label));
    // The category is as sure as the labels that map onto it together.
    float category_confidence = 0;
    for (const auto& p : r.ranked) {
      if (CategoryOf(p.label) == CategoryOf(r.type.label)) category_confidence += p.confidence;
    }
    a.mutable_category()->set_confidence(category_confidence);
    a.mutable_category()->set_low_confidence(category_confidence < type_threshold);
    if (!r.colors.empty()) SetColor(a.mutable_primary_color(), r.colors[0]);
    if (r.colors.size() > 1 && r.colors[1].share >= 0.15f) SetColor(a.mutable_secondary_color(), r.colors[1]);
    for (const auto& c : r.colors) SetColor(a.add_colors(), c);
    a.mutable_pattern()->set_pattern(PatternOf(r.pattern.label));
    a.mutable_pattern()->set_confidence(r.pattern.confidence);
    a.mutable_pattern()->set_low_confidence(r.pattern.confidence < kLowConfidence);
    a.mutable_style()->set_label(r.style.label);
    a.mutable_style()->set_confidence(r.style.confidence);
    a.mutable_style()->set_low_confidence(r.style.confidence < kLowConfidence);
    a.set_model_version(model_->version());
    proto::SetTime(a.mutable_analyze_time(), std::chrono::system_clock::now());
    return a;
  }

 private:
  std::unique_ptr<ml::ClothingModel> model_;
  const ml::ImageLimits limits_;
};

}  // namespace

std::unique_ptr<ClothingAnalyzer> NewModelAnalyzer(const std::string& model_dir, const ml::InferenceOptions& options,
                                                   const ml::ImageLimits& limits) {
  return std::make_unique<ModelAnalyzer>(ml::ClothingModel::Load(model_dir, options), limits);
}

}  // namespace stylist::analysis
