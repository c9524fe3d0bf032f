#pragma once
// In-process token buckets keyed by strings such as "login:addr:1.2.3.4" or
// "login-fail:acct:alice@example.com". A bucket holds `limit` tokens and
// refills at limit/window. Per replica: with N replicas an attacker gets at
// most N times the limit, which still stops credential stuffing.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace stylist {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes a token; false when the bucket is empty.
  bool TryConsume(const std::string& key, int limit, std::chrono::seconds window,
                  Clock::time_point now = Clock::now());
  // Takes a token and returns zero, or, when the bucket is empty, returns
  // how long until it holds one (what a client should wait: Retry-After).
  Clock::duration TakeOrWait(const std::string& key, int limit, std::chrono::seconds window,
                             Clock::time_point now = Clock::now());
  // True when at least one token is left, without taking it.
  bool HasCapacity(const std::string& key, int limit, std::chrono::seconds window,
                   Clock::time_point now = Clock::now());
  // Forgets a key (e.g. failures of an account after a successful login).
  void Reset(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  Bucket& Refill(const std::string& key, int limit, std::chrono::seconds window, Clock::time_point now);
  void PruneIfLarge(Clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::chrono::seconds longest_window_{0};
  std::size_t prune_at_ = 100000;  // sweep for full buckets at this size
};

}  // namespace stylist
