#include "auth/rate_limiter.h"

#include <algorithm>

namespace stylist {
namespace {
constexpr std::size_t kPruneAbove = 100000;
}

RateLimiter::Bucket& RateLimiter::Refill(const std::string& key, int limit,
                                         std::chrono::seconds window, Clock::time_point now) {
  longest_window_ = std::max(longest_window_, window);
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{static_cast<double>(limit), now});
  Bucket& b = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    const double rate = static_cast<double>(limit) / static_cast<double>(window.count());
    b.tokens = std::min(static_cast<double>(limit), b.tokens + elapsed * rate);
    b.updated = now;
  }
  return b;
}

bool RateLimiter::TryConsume(const std::string& key, int limit, std::chrono::seconds window,
                             Clock::time_point now) {
  std::lock_guard lock(mutex_);
  PruneIfLarge(now);
  Bucket& b = Refill(key, limit, window, now);
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

RateLimiter::Clock::duration RateLimiter::TakeOrWait(const std::string& key, int limit,
                                                     std::chrono::seconds window, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  PruneIfLarge(now);
  Bucket& b = Refill(key, limit, window, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return Clock::duration::zero();
  }
  const double seconds_per_token = static_cast<double>(window.count()) / static_cast<double>(limit);
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>((1.0 - b.tokens) * seconds_per_token));
}

bool RateLimiter::HasCapacity(const std::string& key, int limit, std::chrono::seconds window,
                              Clock::time_point now) {
  std::lock_guard lock(mutex_);
  return Refill(key, limit, window, now).tokens >= 1.0;
}

void RateLimiter::Reset(const std::string& key) {
  std::lock_guard lock(mutex_);
  buckets_.erase(key);
}

void RateLimiter::PruneIfLarge(Clock::time_point now) {
  if (buckets_.size() < prune_at_) return;
  // A bucket untouched for the longest window is full again: forget it.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (now - it->second.updated >= longest_window_) it = buckets_.erase(it);
    else ++it;
  }
  // Everything still here is recent (a spray of addresses within one
  // window): do not sweep the whole map again on the very next call, or a
  // flood would cost O(n) per request. Sweep again once it has doubled.
  prune_at_ = std::max(kPruneAbove, buckets_.size() * 2);
}

}  // namespace stylist
