// The server's Prometheus metrics on their own listener: the outbox's
// pending and failed messages read at each scrape, and every RPC counted
// and timed by method and code.
#include <gtest/gtest.h>

#include <algorithm>

#include "server_process.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {
namespace {

// The value of the series `series` (name and labels as exposed), or -1.
double Sample(const std::string& exposition, const std::string& series) {
  const auto at = exposition.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(exposition.substr(at + series.size() + 2));
}

TEST(MetricsTest, TheOutboxAndEveryRpcAreOnTheAdminListener) {
  ScratchDatabase db;
  ServerProcess server(DefaultServerEnv(db.url()));
  const int port = server.metrics_port();
  ASSERT_GT(port, 0) << server.Log();
  EXPECT_NE(server.address(), "127.0.0.1:" + std::to_string(port)) << "not the API's port";
  const std::string metrics = "http://127.0.0.1:" + std::to_string(port) + "/metrics";

  auto [code, body] = HttpGet(metrics);
  ASSERT_EQ(code, 200);
  EXPECT_EQ(Sample(body, R"(stylist_outbox_messages{state="pending"})"), 0) << body;
  EXPECT_EQ(Sample(body, R"(stylist_outbox_messages{state="failed"})"), 0);
  EXPECT_EQ(Sample(body, R"(stylist_analysis_jobs{state="queued"})"), 0);
  EXPECT_EQ(Sample(body, "stylist_analysis_queue_oldest_age_seconds"), 0);

  // A reset request queues a message that waits (no mail relay here).
  auto users = v1::UserService::NewStub(server.NewChannel());
  const auto reg = RegisterUser(*users, "metrics");
  v1::RequestPasswordResetRequest ask;
  ask.set_email(reg.profile().email());
  v1::RequestPasswordResetResponse asked;
  ASSERT_TRUE(users->RequestPasswordReset(Ctx().get(), ask, &asked).ok());
  const std::string refused =
      R"(stylist_rpc_duration_seconds_count{code="UNAUTHENTICATED",method="/stylist.v1.UserService/GetProfile"})";
  const double refused_before = std::max(0.0, Sample(HttpGet(metrics).second, refused));
  v1::GetProfileResponse profile;
  EXPECT_EQ(users->GetProfile(Ctx("not-a-token").get(), {}, &profile).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  std::tie(code, body) = HttpGet(metrics);
  EXPECT_EQ(Sample(body, R"(stylist_outbox_messages{state="pending"})"), 1) << body;
  EXPECT_EQ(Sample(body,
                   R"(stylist_rpc_duration_seconds_count{code="OK",method="/stylist.v1.UserService/RequestPasswordReset"})"),
            1)
      << body;
  EXPECT_EQ(Sample(body, refused), refused_before + 1);
  EXPECT_EQ(Sample(body,
                   R"(stylist_rpc_duration_seconds_bucket{code="OK",method="/stylist.v1.UserService/Register",le="+Inf"})"),
            1);

  // A job that waits shows in the queue's size and age (due in an hour, so
  // no worker takes it meanwhile).
  auto wardrobe = v1::WardrobeService::NewStub(server.NewChannel());
  v1::CreateItemRequest create;
  create.mutable_item()->set_name("Queued coat");
  v1::CreateItemResponse created;
  ASSERT_TRUE(wardrobe->CreateItem(Ctx(reg.tokens().access_token()).get(), create, &created).ok());
  db.QueryValue("INSERT INTO analysis_jobs (item_id, user_id, photo_sha256, max_attempts, run_after, created_at) "
                "VALUES ('" + created.item().item_id() + "', '" + reg.profile().user_id() +
                "', 'sha', 3, now() + interval '1 hour', now() - interval '90 seconds')");
  std::tie(code, body) = HttpGet(metrics);
  EXPECT_EQ(Sample(body, R"(stylist_analysis_jobs{state="queued"})"), 1) << body;
  EXPECT_GE(Sample(body, "stylist_analysis_queue_oldest_age_seconds"), 90);
  EXPECT_LT(Sample(body, "stylist_analysis_queue_oldest_age_seconds"), 600);

  // A dead-lettered message moves from pending to failed.
  db.QueryValue("UPDATE notification_outbox SET failed_at = now()");
  std::tie(code, body) = HttpGet(metrics);
  EXPECT_EQ(Sample(body, R"(stylist_outbox_messages{state="pending"})"), 0) << body;
  EXPECT_EQ(Sample(body, R"(stylist_outbox_messages{state="failed"})"), 1);
}

}  // namespace
}  // namespace stylist::testing
