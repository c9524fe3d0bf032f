#include "auth/ai_quota.h"

#include <algorithm>
#include <cmath>

#include "common/api_error.h"

namespace stylist {
namespace {

struct WorkBudget {
  const char* key;
  const char* what;  // for the message: "at most N <what> a minute"
  int per_minute;
};

WorkBudget BudgetOf(const AiLimits& l, AiWork work) {
  switch (work) {
    case AiWork::kPhotoAnalysis: return {"photo", "photo analyses", l.photo_analyses_per_minute};
    case AiWork::kSuggestions: return {"suggest", "outfit suggestions", l.suggestions_per_minute};
    case AiWork::kChat: return {"chat", "messages", l.chat_turns_per_minute};
    case AiWork::kPlan: return {"plan", "plans", l.plans_per_minute};
  }
  return {"other", "calls", 1};
}

[[noreturn]] void Refuse(const std::string& message, RateLimiter::Clock::duration wait) {
  // Whole seconds, rounded up: a client that waits that long gets a token.
  const auto seconds = std::max<long long>(
      1, static_cast<long long>(std::ceil(std::chrono::duration<double>(wait).count())));
  throw ResourceExhausted(message + "; try again in " + std::to_string(seconds) + " s")
      .WithRetryAfter(std::chrono::seconds(seconds));
}

}  // namespace

void AiQuota::Take(const Principal& caller, const std::string& for_user, AiWork work) {
  const auto budget = BudgetOf(limits_, work);
  constexpr std::chrono::seconds kMinute(60);
  if (!for_user.empty()) {
    const int limit = budget.per_minute;
    const auto wait = buckets_.TakeOrWait(std::string("ai:") + budget.key + ":user:" + for_user, limit, kMinute);
    if (wait > RateLimiter::Clock::duration::zero()) {
      Refuse(std::string("too many ") + budget.what + "; at most " + std::to_string(limit) + " a minute per user",
             wait);
    }
  }
  if (!caller.api_key_id.empty()) {
    const int limit = limits_.per_api_key_per_minute;
    const auto wait = buckets_.TakeOrWait("ai:key:" + caller.api_key_id, limit, kMinute);
    if (wait > RateLimiter::Clock::duration::zero()) {
      Refuse("too many AI calls with this API key; at most " + std::to_string(limit) + " a minute", wait);
    }
  }
}

}  // namespace stylist
