// The AI routes' budgets: per user and kind of work, per API key across the
// users it acts for, and a refusal that says how long to wait (in its text
// and as google.rpc.RetryInfo, which the edge turns into Retry-After).
#include "auth/ai_quota.h"

#include <gtest/gtest.h>

#include <optional>

#include "common/api_error.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace stylist {
namespace {

AiLimits Small() {
  AiLimits l;
  l.photo_analyses_per_minute = 2;
  l.suggestions_per_minute = 2;
  l.chat_turns_per_minute = 2;
  l.plans_per_minute = 2;
  l.per_api_key_per_minute = 3;
  return l;
}

Principal User(const std::string& id) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = id;
  return p;
}

Principal Key(const std::string& id) {
  Principal p;
  p.kind = Principal::Kind::kService;
  p.api_key_id = id;
  return p;
}

// The refusal of the call, or nullopt when it was taken.
std::optional<ApiError> Refusal(AiQuota& quota, const Principal& who, const std::string& for_user, AiWork work) {
  try {
    quota.Take(who, for_user, work);
    return std::nullopt;
  } catch (const ApiError& e) {
    return e;
  }
}

TEST(AiQuotaTest, AUsersBudgetIsPerKindOfWorkAndSaysWhenToComeBack) {
  AiQuota quota(Small());
  const auto ada = User("ada");
  EXPECT_FALSE(Refusal(quota, ada, "ada", AiWork::kPhotoAnalysis));
  EXPECT_FALSE(Refusal(quota, ada, "ada", AiWork::kPhotoAnalysis));
  const auto refused = Refusal(quota, ada, "ada", AiWork::kPhotoAnalysis);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(std::string(refused->what()).find("at most 2 a minute per user"), std::string::npos) << refused->what();
  // Two a minute: the next token is at most 30 s away.
  EXPECT_GE(refused->retry_after().count(), 1);
  EXPECT_LE(refused->retry_after().count(), 30);
  google::rpc::Status status;
  ASSERT_TRUE(status.ParseFromString(refused->ToStatus().error_details()));
  bool has_retry_info = false;
  for (const auto& detail : status.details()) {
    google::rpc::RetryInfo info;
    if (detail.UnpackTo(&info)) {
      has_retry_info = true;
      EXPECT_EQ(info.retry_delay().seconds(), refused->retry_after().count());
    }
  }
  EXPECT_TRUE(has_retry_info);

  // Other kinds of work, and other users, have budgets of their own.
  EXPECT_FALSE(Refusal(quota, ada, "ada", AiWork::kChat));
  EXPECT_FALSE(Refusal(quota, ada, "ada", AiWork::kPlan));
  EXPECT_FALSE(Refusal(quota, User("bob"), "bob", AiWork::kPhotoAnalysis));
}

TEST(AiQuotaTest, AKeyActingForManyUsersHasABudgetOfItsOwn) {
  AiQuota quota(Small());
  const auto key = Key("k1");
  // Each user is within their own budget; the key's three calls a minute
  // run out on the fourth user.
  EXPECT_FALSE(Refusal(quota, key, "u1", AiWork::kPhotoAnalysis));
  EXPECT_FALSE(Refusal(quota, key, "u2", AiWork::kChat));
  EXPECT_FALSE(Refusal(quota, key, "u3", AiWork::kPlan));
  const auto refused = Refusal(quota, key, "u4", AiWork::kSuggestions);
  ASSERT_TRUE(refused);
  EXPECT_NE(std::string(refused->what()).find("this API key"), std::string::npos) << refused->what();
  // Another key is not held back, and a key acting for nobody in
  // particular still spends its own budget.
  EXPECT_FALSE(Refusal(quota, Key("k2"), "", AiWork::kPhotoAnalysis));
  // A user's budget holds whoever calls for them: the key for u1 again,
  // after u1 spent their own.
  EXPECT_FALSE(Refusal(quota, User("u1"), "u1", AiWork::kPhotoAnalysis));
  EXPECT_TRUE(Refusal(quota, Key("k3"), "u1", AiWork::kPhotoAnalysis));
}

}  // namespace
}  // namespace stylist
