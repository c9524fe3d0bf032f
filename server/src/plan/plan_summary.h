// The plain-words overview of a plan: the engine's own template, reworded
// by the language model (the chat provider) when one is configured and
// answers within the plan timeout. The model gets the template's facts
// only and is told not to add numbers; the template is the fallback, so a
// plan never waits on or fails because of the model.
#pragma once

#include <chrono>
#include <string>

#include "llm/llm_client.h"
#include "stylist/v1/plan.pb.h"

namespace stylist::plan {

// Deterministic: targets, training days and sessions, the week's foods.
std::string TemplateSummary(const v1::Plan& plan);

struct Summary {
  std::string text;
  bool by_model = false;
};

// `llm` may be null (no provider configured).
Summary Summarize(const v1::Plan& plan, const llm::LlmClient* llm);

// The chat provider's options cut to what a summary may take: at most
// `timeout` in all (and for the first token), no retries, 250 tokens.
llm::LlmOptions SummaryLlmOptions(const llm::LlmOptions& chat, std::chrono::milliseconds timeout);

}  // namespace stylist::plan
