// Trace ids in the server's log: the trace of a call's traceparent (what
// the edge sends) is on the call's line, and lines logged while the call
// runs; a call without one, or with a malformed one, gets a trace of its
// own.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "common/crypto.h"
#include "server_process.h"

namespace stylist::testing {
namespace {

// The log lines that mention `needle`, waiting up to 5 s for one.
std::vector<std::string> LinesWith(const ServerProcess& server, const std::string& needle) {
  std::vector<std::string> out;
  for (int i = 0; i < 100 && out.empty(); ++i) {
    std::istringstream log(server.Log());
    for (std::string line; std::getline(log, line);) {
      if (line.find(needle) != std::string::npos) out.push_back(line);
    }
    if (out.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return out;
}

TEST(TraceTest, TheCallsTraceIdIsOnItsLogLines) {
  const ServerProcess& server = *Shared().server;
  auto users = v1::UserService::NewStub(server.NewChannel());
  crypto::Init();
  // Ids of this run's own: the shared server's log holds earlier runs' lines.
  const std::string trace = crypto::ToHex(crypto::RandomBytes(16));
  const std::string run = crypto::ToHex(crypto::RandomBytes(4));

  // A refused token: the call's line, and the line the authenticator logs
  // while it runs (which names no request id of its own).
  auto ctx = Ctx("not-a-valid-token");
  ctx->AddMetadata("traceparent", "00-" + trace + "-b7ad6b7169203331-01");
  ctx->AddMetadata("x-request-id", "trace-test-token-" + run);
  v1::GetProfileResponse profile;
  EXPECT_EQ(users->GetProfile(ctx.get(), {}, &profile).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  const auto lines = LinesWith(server, "\"trace_id\":\"" + trace + "\"");
  bool rpc_line = false, inner_line = false;
  for (const auto& line : lines) {
    if (line.find("\"msg\":\"rpc\"") != std::string::npos && line.find("trace-test-token-" + run) != std::string::npos) {
      rpc_line = true;
    }
    if (line.find("access token refused") != std::string::npos) inner_line = true;
  }
  EXPECT_TRUE(rpc_line) << "no rpc line with the trace id\n" << server.Log();
  EXPECT_TRUE(inner_line) << "the line logged during the call has no trace id\n" << server.Log();

  // A malformed traceparent: the call gets a trace of its own, and the
  // header's text is not logged.
  auto bad = Ctx();
  bad->AddMetadata("traceparent", "00-NOTHEX\"injected-b7ad6b7169203331-01");
  bad->AddMetadata("x-request-id", "trace-test-malformed-" + run);
  EXPECT_EQ(users->GetProfile(bad.get(), {}, &profile).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  const auto own = LinesWith(server, "trace-test-malformed-" + run);
  ASSERT_EQ(own.size(), 1u);
  const auto at = own[0].find("\"trace_id\":\"");
  ASSERT_NE(at, std::string::npos) << own[0];
  const std::string id = own[0].substr(at + 12, 32);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << own[0];
  EXPECT_EQ(own[0].find("injected"), std::string::npos);
}

}  // namespace
}  // namespace stylist::testing
