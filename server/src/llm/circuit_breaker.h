// A circuit breaker for the language model provider: after `failures`
// failed calls in a row it opens and the provider is not called for
// `cooldown`; then one trial call is let through (half-open), and its
// outcome closes or re-opens the breaker. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

namespace stylist::llm {

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };
  using Clock = std::chrono::steady_clock;

  CircuitBreaker(int failures, std::chrono::milliseconds cooldown) : failures_(failures), cooldown_(cooldown) {}

  // Whether a call may go ahead now; in half-open only one at a time.
  bool Allow(Clock::time_point now = Clock::now());
  void RecordSuccess();
  void RecordFailure(Clock::time_point now = Clock::now());
  State state(Clock::time_point now = Clock::now());

 private:
  const int failures_;
  const std::chrono::milliseconds cooldown_;
  std::mutex mu_;
  int consecutive_ = 0;
  bool open_ = false;
  bool trial_running_ = false;
  Clock::time_point opened_at_{};
};

}  // namespace stylist::llm
