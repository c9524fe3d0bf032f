#pragma once
// Per-caller budgets for the calls that cost the most: a model run on a
// photo, an outfit search, a chat turn, a plan. Each kind of work has a
// token bucket per user and, for service API keys acting for users (Skin
// Chapters' server, the legacy app), one per key as well, so a client that
// loops on an AI route is told to wait (RESOURCE_EXHAUSTED with
// google.rpc.RetryInfo; 429 with Retry-After over REST) instead of taking
// the model away from everyone else. Per replica, like every RateLimiter.

#include <string>

#include "auth/principal.h"
#include "auth/rate_limiter.h"

namespace stylist {

enum class AiWork {
  kPhotoAnalysis,  // the clothing or skin model on a photo
  kSuggestions,    // outfit suggestions and style matching
  kChat,           // a chat turn (the language model, or the built-in stylist)
  kPlan,           // a meal and workout plan
};

// Calls a minute, per user, of each kind; per API key, of every kind.
struct AiLimits {
  int photo_analyses_per_minute = 10;
  int suggestions_per_minute = 30;
  int chat_turns_per_minute = 20;
  int plans_per_minute = 5;
  int per_api_key_per_minute = 300;
};

class AiQuota {
 public:
  explicit AiQuota(AiLimits limits) : limits_(limits) {}

  // Takes one call of `work` from the budgets of the caller: the user it
  // acts for (`for_user`: the signed-in user, or whom a key acts for), and
  // the API key when a key calls. Throws RESOURCE_EXHAUSTED saying how long
  // to wait when one is spent.
  void Take(const Principal& caller, const std::string& for_user, AiWork work);

  const AiLimits& limits() const { return limits_; }

 private:
  const AiLimits limits_;
  RateLimiter buckets_;
};

}  // namespace stylist
