#include "analysis/skin_rules.h"

#include <algorithm>

namespace stylist::analysis {
namespace {

enum Condition { kAcne, kBlackheads, kWrinkles, kDullness, kRedness, kDehydration, kHyperpigmentation, kUnevenTexture };
constexpr std::array<double, 8> kDeductions = {20, 10, 15, 5, 10, 15, 10, 15};

}  // namespace

int SkinScore(const ConditionProbabilities& p) {
  double score = 100;
  for (std::size_t i = 0; i < p.size(); ++i) score -= kDeductions[i] * static_cast<double>(p[i]);
  // Python's int(): truncation toward zero, then the clamp.
  return std::clamp(static_cast<int>(score), 0, 100);
}

int RecommendedChapter(const std::string& skin_type, const ConditionProbabilities& p, int skin_score) {
  const auto has = [&](Condition c) { return p[c] > kDetectedAbove; };
  if (has(kDehydration) || skin_type == "dry") return 1;
  if (has(kWrinkles) || skin_type == "wrinkly") return 2;
  if (skin_type == "sensitive" || has(kRedness)) return 3;
  if (has(kDullness) || has(kHyperpigmentation)) return 5;
  if (has(kAcne) || has(kBlackheads)) return 6;
  if (skin_score > 85) return 7;
  return 4;
}

const char* ChapterTitle(int chapter) {
  switch (chapter) {
    case 1: return "Hydration";
    case 2: return "Repair";
    case 3: return "Protection";
    case 4: return "Maintenance";
    case 5: return "Brightening & Glow";
    case 6: return "Repair & Recovery";
    case 7: return "Maintenance & Prevention";
  }
  return "";
}

}  // namespace stylist::analysis
