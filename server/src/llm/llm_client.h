// A client for any OpenAI-compatible chat-completions endpoint (hosted
// APIs, llama.cpp, vLLM), streaming the answer as server-sent events.
// Timeouts for connecting, for the first token and in total; bounded
// retries while nothing has been received; cancellation stops the transfer
// (the provider sees its connection closed). The API key is sent only in
// the Authorization header and never appears in errors or logs.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace stylist::llm {

struct LlmOptions {
  // e.g. "https://api.openai.com/v1" or "http://127.0.0.1:8080/v1".
  std::string base_url;
  std::string model;
  std::string api_key;  // may be empty (local servers)
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds first_token_timeout{10000};
  std::chrono::milliseconds total_timeout{60000};
  // Further attempts when an attempt fails before any text arrived.
  int retries = 1;
  int max_tokens = 600;
};

struct LlmMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct LlmResult {
  bool ok = false;
  bool cancelled = false;
  // Some text reached the caller (so a failure is not retried or replaced).
  bool started = false;
  // A failure worth another attempt (no answer, a 5xx or 429).
  bool retryable = true;
  std::string error;
  // From the provider's usage report; -1 when it sent none.
  int prompt_tokens = -1;
  int completion_tokens = -1;
};

class LlmClient {
 public:
  explicit LlmClient(LlmOptions options);
  const LlmOptions& options() const { return options_; }

  // Streams the answer to `on_delta` (called on this thread, in order).
  // Returns when the answer is complete, has failed, or `cancel` was set.
  LlmResult Stream(const std::vector<LlmMessage>& messages, const std::function<void(const std::string&)>& on_delta,
                   const std::atomic<bool>& cancel) const;

 private:
  LlmResult Attempt(const std::string& body, const std::function<void(const std::string&)>& on_delta,
                    const std::atomic<bool>& cancel) const;

  LlmOptions options_;
};

}  // namespace stylist::llm
