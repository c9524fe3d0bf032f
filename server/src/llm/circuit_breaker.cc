#include "llm/circuit_breaker.h"

namespace stylist::llm {

bool CircuitBreaker::Allow(Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (!open_) return true;
  if (now - opened_at_ < cooldown_ || trial_running_) return false;
  trial_running_ = true;  // half-open: this call is the trial
  return true;
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard lock(mu_);
  consecutive_ = 0;
  open_ = false;
  trial_running_ = false;
}

void CircuitBreaker::RecordFailure(Clock::time_point now) {
  std::lock_guard lock(mu_);
  ++consecutive_;
  if (trial_running_ || consecutive_ >= failures_) {
    open_ = true;
    opened_at_ = now;
  }
  trial_running_ = false;
}

CircuitBreaker::State CircuitBreaker::state(Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (!open_) return State::kClosed;
  return now - opened_at_ < cooldown_ ? State::kOpen : State::kHalfOpen;
}

}  // namespace stylist::llm
