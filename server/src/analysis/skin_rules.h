// The Skin Chapters rules, exactly as the app's design states them (seed
// 002): the skin score from the condition probabilities, and the
// recommended chapter from the skin type, the detected conditions and the
// score. Pure functions.
#pragma once

#include <array>
#include <string>

namespace stylist::analysis {

// Probabilities in SkinCondition order: acne, blackheads, wrinkles,
// dullness, redness, dehydration, hyperpigmentation, uneven_texture.
using ConditionProbabilities = std::array<float, 8>;

// A condition counts as present above this probability.
inline constexpr float kDetectedAbove = 0.5f;

// 100 minus each condition's weight times its probability, truncated
// toward zero and clamped to 0..100.
int SkinScore(const ConditionProbabilities& p);

// 1..7 by the first rule that holds; skin_type is one of oily, dry,
// normal, combination, wrinkly, sensitive.
int RecommendedChapter(const std::string& skin_type, const ConditionProbabilities& p, int skin_score);

// "Hydration", "Repair", ... for 1..7.
const char* ChapterTitle(int chapter);

}  // namespace stylist::analysis
