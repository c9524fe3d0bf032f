#include "auth/login_throttle.h"

#include <algorithm>

namespace stylist {

namespace {
// Records are swept for forgotten ones when the table reaches this size, so
// a flood of made-up logins cannot grow it without bound.
constexpr std::size_t kSweepAt = 100000;
}  // namespace

LoginThrottle::LoginThrottle(int free_failures, std::chrono::milliseconds base_delay,
                             std::chrono::milliseconds max_delay, std::chrono::seconds forget_after)
    : free_failures_(free_failures), base_delay_(base_delay), max_delay_(max_delay), forget_after_(forget_after) {}

std::chrono::milliseconds LoginThrottle::Begin(const std::string& account, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (records_.size() >= kSweepAt) Forget(now);
  Record& r = records_[account];
  if (r.failures > 0 && now - r.last_failure >= forget_after_) r.failures = 0;
  if (r.failures + r.in_flight < free_failures_) {
    ++r.in_flight;
    return std::chrono::milliseconds(0);
  }
  if (r.failures < free_failures_) return base_delay_;  // the free ones are all in flight
  // base, 2 base, 4 base, ... for the 1st, 2nd, 3rd failure past the free ones.
  const int doublings = std::min(r.failures - free_failures_, 30);
  const auto delay = std::min(max_delay_, base_delay_ * (std::int64_t{1} << doublings));
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(r.last_failure + delay - now);
  if (remaining.count() > 0) return remaining;
  if (r.in_flight > 0) return base_delay_;  // one attempt at a time past the free ones
  ++r.in_flight;
  return std::chrono::milliseconds(0);
}

void LoginThrottle::Failed(const std::string& account, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (records_.size() >= kSweepAt) Forget(now);
  Record& r = records_[account];
  if (r.failures > 0 && now - r.last_failure >= forget_after_) r.failures = 0;
  ++r.failures;
  r.in_flight = std::max(0, r.in_flight - 1);
  r.last_failure = now;
}

void LoginThrottle::Abandoned(const std::string& account) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(account);
  if (it != records_.end()) it->second.in_flight = std::max(0, it->second.in_flight - 1);
}

void LoginThrottle::Succeeded(const std::string& account) {
  std::lock_guard lock(mutex_);
  records_.erase(account);
}

void LoginThrottle::Forget(Clock::time_point now) {
  for (auto it = records_.begin(); it != records_.end();) {
    const bool idle = it->second.in_flight == 0 && now - it->second.last_failure >= forget_after_;
    it = idle ? records_.erase(it) : std::next(it);
  }
}

}  // namespace stylist
