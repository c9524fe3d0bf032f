// What the plan logic class is built from.
#pragma once

#include "auth/ai_quota.h"
#include "llm/llm_client.h"
#include "plan/plan_store.h"
#include "user/profile_store.h"

namespace stylist::plan {

struct Deps {
  PlanStore& store;                 // plans, their days, and progress logs
  user::ProfileStore& profiles;     // the caller's fitness profile, read to plan from
  AiQuota& quota;                   // each caller's budget of plans
  const llm::LlmClient* summary_llm;  // writes plan summaries (plan_summary.h); null: none are written
};

}  // namespace stylist::plan
