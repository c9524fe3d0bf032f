// What a call's context is made of: which W3C traceparent headers are
// taken (the trace id then goes in every log line of the call), the log's
// trace scope, and which peers are trusted to name the client
// (x-forwarded-for).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/logging.h"
#include "common/trusted_peers.h"
#include "rpc/runtime.h"

namespace stylist {
namespace {

TEST(TraceTest, TakesOnlyValidTraceparents) {
  const std::string id = "4bf92f3577b34da6a3ce929d0e0e4736";
  EXPECT_EQ(rpc::TraceIdOf("00-" + id + "-00f067aa0ba902b7-01"), id);
  EXPECT_EQ(rpc::TraceIdOf("00-" + id + "-00f067aa0ba902b7-00"), id) << "not sampled is still a trace";
  // A later version may add fields after the flags.
  EXPECT_EQ(rpc::TraceIdOf("01-" + id + "-00f067aa0ba902b7-01-later"), id);
  for (const std::string& bad : std::vector<std::string>{
           std::string(""),
           "00-" + id + "-00f067aa0ba902b7-01-extra",        // version 00 has exactly four fields
           "ff-" + id + "-00f067aa0ba902b7-01",              // version ff is invalid
           std::string("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"),  // uppercase
           std::string("00-00000000000000000000000000000000-00f067aa0ba902b7-01"),  // all-zero trace id
           "00-" + id + "-0000000000000000-01",              // all-zero parent id
           "00-" + id.substr(1) + "-00f067aa0ba902b7-01",    // short trace id
           "00_" + id + "-00f067aa0ba902b7-01",
           "00-" + id + "-00f067aa0ba902b7-0g",
           "00-" + id + "-00f067aa0ba902b7-01\"}",          // an attempt to break out of the log line
       }) {
    EXPECT_EQ(rpc::TraceIdOf(bad), "") << bad;
  }
}

TEST(TraceTest, ScopesPutTheTraceIdInEveryLineAndNest) {
  // Capture stderr into a temporary file.
  std::FILE* capture = std::tmpfile();
  ASSERT_NE(capture, nullptr);
  std::fflush(stderr);
  const int saved = ::dup(2);
  ::dup2(::fileno(capture), 2);
  log::Info("before");
  {
    const log::TraceScope outer("aaaa");
    log::Info("outer");
    {
      const log::TraceScope inner("bbbb");
      log::Info("inner");
    }
    log::Info("outer again");
    log::Info("own", {{"trace_id", "cccc"}});
  }
  log::Info("after");
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::rewind(capture);
  std::string text;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, capture)) text.append(buf, n);
  std::fclose(capture);
  auto line_of = [&text](const std::string& msg) {
    const auto at = text.find("\"msg\":\"" + msg + "\"");
    if (at == std::string::npos) return std::string();
    const auto start = text.rfind('\n', at);
    return text.substr(start == std::string::npos ? 0 : start + 1, text.find('\n', at) - (start == std::string::npos ? 0 : start + 1));
  };
  EXPECT_EQ(line_of("before").find("trace_id"), std::string::npos) << text;
  EXPECT_NE(line_of("outer").find("\"trace_id\":\"aaaa\""), std::string::npos) << text;
  EXPECT_NE(line_of("inner").find("\"trace_id\":\"bbbb\""), std::string::npos) << text;
  EXPECT_NE(line_of("outer again").find("\"trace_id\":\"aaaa\""), std::string::npos) << text;
  EXPECT_NE(line_of("own").find("\"trace_id\":\"cccc\""), std::string::npos) << "a line's own trace id wins";
  EXPECT_EQ(line_of("after").find("trace_id"), std::string::npos) << text;
}

TEST(TrustedPeerTest, AddressesPrefixesAndUnixSockets) {
  const auto trusted = TrustedPeers::Parse({"127.0.0.1", "::1", "unix", "10.244.0.0/16", "fd00:1::/64"});
  for (const std::string peer : {"127.0.0.1", "::1", "unix:/run/stylist/server.sock", "10.244.0.1", "10.244.255.254",
                                 "fd00:1::5", "fd00:1:0:0:ffff::1"}) {
    EXPECT_TRUE(trusted.Trusts(peer)) << peer;
  }
  for (const std::string peer : {"127.0.0.2", "10.245.0.1", "10.243.255.255", "fd00:2::1", "::2", "", "10.244.0.1x",
                                 "unixy"}) {
    EXPECT_FALSE(trusted.Trusts(peer)) << peer;
  }
  EXPECT_FALSE(TrustedPeers::Parse({"10.0.0.0/8"}).Trusts("unix:/run/x.sock")) << "a prefix never covers a socket";
  EXPECT_TRUE(TrustedPeers::Parse({"0.0.0.0/0"}).Trusts("192.0.2.7")) << "an explicit everyone";
  EXPECT_FALSE(TrustedPeers::Parse({"0.0.0.0/0"}).Trusts("2001:db8::1")) << "v4 prefixes do not cover v6";
}

}  // namespace
}  // namespace stylist
