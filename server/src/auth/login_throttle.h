#pragma once
// Failed sign-ins per account, and the wait they impose. The first
// `free_failures` failures within `forget_after` cost nothing; after them
// each attempt on the account must wait a delay that doubles with every
// further failure (base_delay, 2x, 4x, ... up to max_delay) since the last
// one. An attempt made before its wait is over is refused unjudged: it does
// not count as a failure and does not lengthen the wait, so an attacker
// cannot keep the account shut by hammering it, and gets at most one guess
// per delay; the real user, with the right password, gets in once the
// current delay (at most max_delay) has passed. A success forgets the
// failures. Attempts in flight count too: parallel attempts cannot spend
// more than the free failures, and past them only one attempt at a time is
// judged (each attempt is begun, then ended by Failed, Succeeded or
// Abandoned). Per replica and in memory, like RateLimiter.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace stylist {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  LoginThrottle(int free_failures, std::chrono::milliseconds base_delay, std::chrono::milliseconds max_delay,
                std::chrono::seconds forget_after);

  // Begins an attempt: zero when it may be judged now (it then holds one
  // of the account's attempt slots until Failed, Succeeded or Abandoned),
  // otherwise how long to wait before trying again.
  std::chrono::milliseconds Begin(const std::string& account, Clock::time_point now = Clock::now());
  void Failed(const std::string& account, Clock::time_point now = Clock::now());
  void Succeeded(const std::string& account);
  // Ends an attempt that was not judged (an error on the way).
  void Abandoned(const std::string& account);

 private:
  struct Record {
    int failures = 0;
    int in_flight = 0;  // attempts begun and not yet ended
    Clock::time_point last_failure;
  };
  void Forget(Clock::time_point now);

  const int free_failures_;
  const std::chrono::milliseconds base_delay_;
  const std::chrono::milliseconds max_delay_;
  const std::chrono::seconds forget_after_;
  std::mutex mutex_;
  std::unordered_map<std::string, Record> records_;
};

}  // namespace stylist
