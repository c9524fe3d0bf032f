#include "auth/login_throttle.h"
#include "auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace stylist {
namespace {

using std::chrono::seconds;

TEST(RateLimiterTest, AllowsABurstUpToTheLimitThenRefuses) {
  RateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.TryConsume("ip:1", 5, seconds(60), t0)) << i;
  EXPECT_FALSE(limiter.TryConsume("ip:1", 5, seconds(60), t0));
  EXPECT_FALSE(limiter.HasCapacity("ip:1", 5, seconds(60), t0));
}

TEST(RateLimiterTest, RefillsAtLimitPerWindow) {
  RateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 6; ++i) limiter.TryConsume("k", 6, seconds(60), t0);
  EXPECT_FALSE(limiter.TryConsume("k", 6, seconds(60), t0 + seconds(5)));
  // One token per 10 s.
  EXPECT_TRUE(limiter.TryConsume("k", 6, seconds(60), t0 + seconds(11)));
  EXPECT_FALSE(limiter.TryConsume("k", 6, seconds(60), t0 + seconds(12)));
  // Never more than the limit, however long the pause.
  const auto later = t0 + seconds(3600);
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(limiter.TryConsume("k", 6, seconds(60), later)) << i;
  EXPECT_FALSE(limiter.TryConsume("k", 6, seconds(60), later));
}

TEST(RateLimiterTest, KeysAreIndependentAndResettable) {
  RateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  EXPECT_TRUE(limiter.TryConsume("a", 1, seconds(60), t0));
  EXPECT_FALSE(limiter.TryConsume("a", 1, seconds(60), t0));
  EXPECT_TRUE(limiter.TryConsume("b", 1, seconds(60), t0));
  limiter.Reset("a");
  EXPECT_TRUE(limiter.TryConsume("a", 1, seconds(60), t0));
}

TEST(RateLimiterTest, HasCapacityDoesNotConsume) {
  RateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.HasCapacity("a", 1, seconds(60), t0));
  EXPECT_TRUE(limiter.TryConsume("a", 1, seconds(60), t0));
}

TEST(RateLimiterTest, PruningForgetsOnlyIdleBuckets) {
  RateLimiter limiter;
  auto t = RateLimiter::Clock::now();
  // Exhausted a moment ago: must stay exhausted through the sweeps that a
  // spray of distinct client addresses triggers.
  EXPECT_TRUE(limiter.TryConsume("victim", 1, seconds(60), t));
  for (int i = 0; i < 250000; ++i) {
    EXPECT_TRUE(limiter.TryConsume("ip:" + std::to_string(i), 3, seconds(60), t + seconds(30)));
  }
  EXPECT_FALSE(limiter.TryConsume("victim", 1, seconds(60), t + seconds(30)));
}

}  // namespace
TEST(LoginThrottleTest, FreeFailuresThenADoublingWaitThatEarlyAttemptsDoNotLengthen) {
  using namespace std::chrono_literals;
  LoginThrottle t(3, 1000ms, 8000ms, 900s);
  const auto t0 = LoginThrottle::Clock::now();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.Begin("a", t0), 0ms);
    t.Failed("a", t0);
  }
  // The 4th attempt waits 1 s after the 3rd failure.
  EXPECT_EQ(t.Begin("a", t0), 1000ms);
  EXPECT_EQ(t.Begin("a", t0 + 400ms), 600ms);
  EXPECT_EQ(t.Begin("b", t0), 0ms) << "accounts are independent";
  // Asking again early changes nothing.
  EXPECT_EQ(t.Begin("a", t0 + 400ms), 600ms);
  EXPECT_EQ(t.Begin("a", t0 + 1000ms), 0ms);
  t.Failed("a", t0 + 1000ms);
  EXPECT_EQ(t.Begin("a", t0 + 1000ms), 2000ms);
  t.Failed("a", t0 + 3000ms);
  t.Failed("a", t0 + 7000ms);
  t.Failed("a", t0 + 15000ms);
  EXPECT_EQ(t.Begin("a", t0 + 15000ms), 8000ms) << "capped at the maximum";
  // A success forgets; so does time.
  t.Succeeded("a");
  EXPECT_EQ(t.Begin("a", t0 + 15000ms), 0ms);
  for (int i = 0; i < 5; ++i) t.Failed("c", t0);
  EXPECT_GT(t.Begin("c", t0), 0ms);
  EXPECT_EQ(t.Begin("c", t0 + 901s), 0ms);
}

TEST(LoginThrottleTest, ParallelAttemptsCannotSpendMoreThanTheFreeFailures) {
  using namespace std::chrono_literals;
  LoginThrottle t(3, 1000ms, 8000ms, 900s);
  const auto t0 = LoginThrottle::Clock::now();
  // Three attempts at once take the three free guesses; a fourth in
  // parallel waits, as it would after three failures.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(t.Begin("a", t0), 0ms);
  EXPECT_GT(t.Begin("a", t0), 0ms);
  for (int i = 0; i < 3; ++i) t.Failed("a", t0);
  // Past the free ones: after the wait, one attempt is judged at a time.
  EXPECT_EQ(t.Begin("a", t0 + 1000ms), 0ms);
  EXPECT_GT(t.Begin("a", t0 + 1000ms), 0ms) << "a second attempt while the first is judged";
  t.Abandoned("a");  // the first ended without a verdict
  EXPECT_EQ(t.Begin("a", t0 + 1000ms), 0ms);
  t.Succeeded("a");
  EXPECT_EQ(t.Begin("a", t0 + 1000ms), 0ms) << "a success forgets";
}

}  // namespace stylist
