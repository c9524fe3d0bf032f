// Produces the answer to a turn: the language model when one is configured
// and its circuit breaker lets the call through, the built-in stylist when
// there is none, or when the model fails or times out before its first
// token. A failure after text has been streamed cannot be replaced without
// the user seeing two answers: the partial answer is returned as
// interrupted, with the error.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "llm/circuit_breaker.h"
#include "chat/context.h"
#include "llm/llm_client.h"

namespace stylist::chat {

struct Answer {
  std::string text;
  bool from_llm = false;
  std::string model_name;
  int prompt_tokens = 0;
  int completion_tokens = 0;
  bool interrupted = false;
  bool cancelled = false;
  // Why the answer is interrupted (not for cancellation).
  std::string error;
  // Why the model was not used, when it is configured (for the logs).
  std::string fallback_reason;
};

class Responder {
 public:
  // `llm` may be null: the built-in stylist answers every turn.
  Responder(std::unique_ptr<llm::LlmClient> llm, int breaker_failures, std::chrono::milliseconds breaker_cooldown);

  Answer Respond(const ChatContext& context, const std::function<void(const std::string&)>& on_delta,
                 const std::atomic<bool>& cancel);

  llm::CircuitBreaker::State breaker_state() { return breaker_.state(); }

 private:
  std::unique_ptr<llm::LlmClient> llm_;
  llm::CircuitBreaker breaker_;
};

// The prompt for the model: instructions, the user's profile, wardrobe and
// focus items, then the recent turns and the question.
std::vector<llm::LlmMessage> BuildPrompt(const ChatContext& context);

// Streams `text` to `on_delta` a word at a time, stopping on `cancel`;
// returns what was sent.
std::string StreamWords(const std::string& text, const std::function<void(const std::string&)>& on_delta,
                        const std::atomic<bool>& cancel);

}  // namespace stylist::chat
