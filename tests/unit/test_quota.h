// An AI quota for unit tests of services whose rules are not the quota's:
// limits no test reaches.
#pragma once

#include "auth/ai_quota.h"

namespace stylist {

inline AiLimits UnreachableAiLimits() {
  AiLimits l;
  l.photo_analyses_per_minute = l.suggestions_per_minute = l.chat_turns_per_minute = l.plans_per_minute =
      l.per_api_key_per_minute = 1000000;
  return l;
}

}  // namespace stylist
