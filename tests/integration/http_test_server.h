// A small HTTP/1.1 server on a loopback port, in the test process, for the
// fakes of outside services (fake_llm.h, fake_s3.h): one thread per
// connection, one request per connection (the response closes it), and the
// handler writes the response itself, so it can stream or misbehave.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stylist::testing {

struct HttpRequest {
  std::string method;
  std::string target;  // path and query as sent
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

class HttpTestServer {
 public:
  using Handler = std::function<void(const HttpRequest&, int fd)>;
  // port 0: any free port.
  explicit HttpTestServer(Handler handler, int port = 0);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  int port() const { return port_; }
  bool stopping() const { return stopping_.load(); }

  // Writes all of `data`; false when the peer is gone.
  static bool SendAll(int fd, const std::string& data);
  // Whether the peer has closed its end.
  static bool PeerClosed(int fd);
  // A whole response with a body and Content-Length.
  static std::string Response(int status, const std::string& reason, const std::string& content_type,
                              const std::string& body);

 private:
  void Accept();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

}  // namespace stylist::testing
