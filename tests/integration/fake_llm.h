// A fake OpenAI-compatible provider for the chat tests: a real HTTP server
// on a loopback port, in this process, that streams server-sent events and
// misbehaves on cue. The cue is a word in the request (the last user
// message): "[error]" answers HTTP 500, "[stall]" sends nothing for 3 s,
// "[disconnect]" sends two pieces and drops the connection, "[slow]" sends
// 60 pieces 100 ms apart (and notices when the client hangs up),
// "[tokens=N]" sends N pieces as fast as it can (for the benchmark);
// anything else gets "Hello from the model." in four pieces, a usage report
// and [DONE].
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "http_test_server.h"

namespace stylist::testing {

class FakeLlm {
 public:
  // port 0: any free port.
  explicit FakeLlm(int port = 0);
  FakeLlm(const FakeLlm&) = delete;
  FakeLlm& operator=(const FakeLlm&) = delete;

  // e.g. "http://127.0.0.1:41234/v1".
  std::string base_url() const;
  int port() const { return server_->port(); }
  // Requests received so far.
  int requests() const { return requests_.load(); }
  // Streams the client closed before the fake had sent everything.
  int aborted() const { return aborted_.load(); }
  std::string last_authorization() const;
  std::string last_body() const;

 private:
  void Handle(const HttpRequest& req, int fd);

  std::atomic<int> requests_{0}, aborted_{0};
  mutable std::mutex mu_;
  std::string last_authorization_, last_body_;
  // Last: stopped (and its threads joined) before the state above goes.
  std::unique_ptr<HttpTestServer> server_;
};

}  // namespace stylist::testing
