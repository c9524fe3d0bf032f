// The server's Prometheus metrics on their own listener: the outbox's
// pending and failed messages read at each scrape, and every RPC counted
// and timed by method and code.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "server_process.h"
#include "stylist/v1/analysis.grpc.pb.h"
#include "stylist/v1/chat.grpc.pb.h"
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

// Polls until the series reads `want` (a reactor's end is recorded after
// the client has its status), for up to 5 s; returns the last reading.
double WaitForSample(const std::string& metrics, const std::string& series, double want) {
  double got = -1;
  for (int i = 0; i < 100; ++i) {
    got = Sample(HttpGet(metrics).second, series);
    if (got == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return got;
}

TEST(MetricsTest, PoolProcessRefusalsChatStreamsAndInference) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE"] = "2";
  ServerProcess server(env);
  ASSERT_GT(server.metrics_port(), 0) << server.Log();
  const std::string metrics = "http://127.0.0.1:" + std::to_string(server.metrics_port()) + "/metrics";
  auto users = v1::UserService::NewStub(server.NewChannel());
  const auto reg = RegisterUser(*users, "metrics-more");

  auto [code, body] = HttpGet(metrics);
  ASSERT_EQ(code, 200);
  // The pool: its size from STYLIST_DB_POOL_SIZE, nothing leased between
  // calls (once the background workers' polls, which lease one briefly,
  // are between theirs too: a leaked lease never reads 0), and the
  // registration's waits recorded.
  EXPECT_EQ(Sample(body, R"(stylist_db_pool_connections{state="max"})"), 4) << body;
  EXPECT_EQ(WaitForSample(metrics, R"(stylist_db_pool_connections{state="in_use"})", 0), 0);
  EXPECT_GE(Sample(body, "stylist_db_pool_wait_seconds_count"), 1);
  // The process: a server with a model loaded holds tens of megabytes.
  EXPECT_GT(Sample(body, "process_resident_memory_bytes"), 20e6);
  EXPECT_GE(Sample(body, "process_virtual_memory_bytes"), Sample(body, "process_resident_memory_bytes"));
  EXPECT_GT(Sample(body, "process_open_fds"), 3);
  EXPECT_GT(Sample(body, "process_cpu_seconds_total"), 0);

  // Three sign-ins from one address with a limit of two a minute: the
  // third is refused, and counted by method and reason.
  v1::LoginRequest login;
  login.set_login(reg.profile().email());
  login.set_password("wrong password for metrics");
  const std::string limited =
      R"(stylist_refused_total{method="/stylist.v1.UserService/Login",reason="RATE_LIMITED"})";
  EXPECT_EQ(Sample(body, limited), -1) << "no series before the first refusal";
  for (int i = 0; i < 3; ++i) {
    v1::LoginResponse out;
    const auto status = users->Login(Ctx().get(), login, &out);
    EXPECT_EQ(status.error_code(),
              i < 2 ? grpc::StatusCode::UNAUTHENTICATED : grpc::StatusCode::RESOURCE_EXHAUSTED) << i;
  }
  EXPECT_EQ(Sample(HttpGet(metrics).second, limited), 1);

  // A Converse stream counts as open while it lasts; its turn's first
  // piece of answer is timed.
  auto chat = v1::ChatService::NewStub(server.NewChannel());
  v1::CreateConversationRequest create;
  v1::CreateConversationResponse conversation;
  ASSERT_TRUE(chat->CreateConversation(Ctx(reg.tokens().access_token()).get(), create, &conversation).ok());
  const std::string open_streams = R"(stylist_chat_streams_active{method="Converse"})";
  {
    auto ctx = Ctx(reg.tokens().access_token());
    auto stream = chat->Converse(ctx.get());
    EXPECT_EQ(WaitForSample(metrics, open_streams, 1), 1);
    v1::ConverseRequest req;
    req.mutable_send_message()->set_conversation_id(conversation.conversation().conversation_id());
    req.mutable_send_message()->set_text("What goes with navy trousers?");
    ASSERT_TRUE(stream->Write(req));
    v1::ConverseResponse r;
    while (stream->Read(&r)) {
      if (r.event().has_status() && r.event().status().status() == v1::REPLY_STATUS_DONE) break;
    }
    stream->WritesDone();
    while (stream->Read(&r)) {
    }
    EXPECT_TRUE(stream->Finish().ok());
  }
  EXPECT_EQ(WaitForSample(metrics, open_streams, 0), 0);
  EXPECT_EQ(Sample(HttpGet(metrics).second, "stylist_chat_first_token_seconds_count"), 1);

  // One clothing analysis: one forward pass of the model, timed and sized.
  auto analysis = v1::AnalysisService::NewStub(server.NewChannel());
  v1::AnalyzeClothingRequest analyse;
  analyse.set_image(DatasetPhoto("validation/pants", 0));
  v1::AnalyzeClothingResponse analysed;
  ASSERT_TRUE(analysis->AnalyzeClothing(Ctx(reg.tokens().access_token()).get(), analyse, &analysed).ok());
  std::tie(code, body) = HttpGet(metrics);
  const double passes = Sample(body, R"(stylist_inference_batch_size_count{model="clothing"})");
  EXPECT_GE(passes, 1) << body;
  EXPECT_EQ(Sample(body, R"(stylist_inference_batch_size_sum{model="clothing"})"), passes)
      << "a lone call runs alone";
  EXPECT_EQ(Sample(body, R"(stylist_inference_batch_seconds_count{model="clothing"})"), passes);
}

}  // namespace
}  // namespace stylist::testing
