#include "fake_llm.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

namespace stylist::testing {
namespace {

bool SendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Whether the peer has closed its end (readable with nothing to read).
bool PeerClosed(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  char c;
  return ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

std::string Chunk(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + escaped + "\"}}]}\n\n";
}

}  // namespace

FakeLlm::FakeLlm(int port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("fake llm: cannot listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { Accept(); });
}

FakeLlm::~FakeLlm() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  std::lock_guard lock(mu_);
  for (auto& t : connections_) t.join();
}

std::string FakeLlm::base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

std::string FakeLlm::last_authorization() const {
  std::lock_guard lock(mu_);
  return last_authorization_;
}

std::string FakeLlm::last_body() const {
  std::lock_guard lock(mu_);
  return last_body_;
}

void FakeLlm::Accept() {
  while (!stopping_) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void FakeLlm::Serve(int fd) {
  std::string request;
  char buf[4096];
  std::size_t header_end = std::string::npos;
  std::size_t content_length = 0;
  while (true) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      ::close(fd);
      return;
    }
    request.append(buf, static_cast<std::size_t>(n));
    if (header_end == std::string::npos && (header_end = request.find("\r\n\r\n")) != std::string::npos) {
      const auto pos = request.find("Content-Length:");
      if (pos != std::string::npos && pos < header_end) content_length = std::stoul(request.substr(pos + 15));
    }
    if (header_end != std::string::npos && request.size() >= header_end + 4 + content_length) break;
  }
  const std::string headers = request.substr(0, header_end);
  const std::string body = request.substr(header_end + 4, content_length);
  ++requests_;
  {
    std::lock_guard lock(mu_);
    last_body_ = body;
    const auto a = headers.find("Authorization: ");
    last_authorization_ = a == std::string::npos ? "" : headers.substr(a + 15, headers.find("\r\n", a) - a - 15);
  }
  // The cue is in the last message (the user's question); the client
  // writes each message as {"content":...,"role":...}.
  const auto last = body.rfind("{\"content\":");
  const std::string tail = last == std::string::npos ? body : body.substr(last);
  const std::string stream_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
  using namespace std::chrono_literals;
  if (tail.find("[error]") != std::string::npos) {
    const std::string json = R"({"error":{"message":"the fake model is broken","type":"server_error"}})";
    SendAll(fd, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(json.size()) + "\r\nConnection: close\r\n\r\n" + json);
  } else if (tail.find("[stall]") != std::string::npos) {
    for (int i = 0; i < 30 && !stopping_ && !PeerClosed(fd); ++i) std::this_thread::sleep_for(100ms);
  } else if (tail.find("[disconnect]") != std::string::npos) {
    SendAll(fd, stream_head + Chunk("Half ") + Chunk("an answer"));
  } else if (tail.find("[slow]") != std::string::npos) {
    bool ok = SendAll(fd, stream_head);
    for (int i = 0; ok && i < 60; ++i) {
      std::this_thread::sleep_for(100ms);
      ok = !PeerClosed(fd) && SendAll(fd, Chunk("word" + std::to_string(i) + " "));
    }
    if (!ok) {
      ++aborted_;
    } else {
      SendAll(fd, "data: [DONE]\n\n");
    }
  } else if (const auto t = tail.find("[tokens="); t != std::string::npos) {
    const int n = std::stoi(tail.substr(t + 8));
    std::string out = stream_head;
    for (int i = 0; i < n; ++i) out += Chunk("tok ");
    out += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    out += "data: [DONE]\n\n";
    SendAll(fd, out);
  } else {
    std::string out = stream_head;
    for (const char* piece : {"Hello", " from", " the", " model."}) out += Chunk(piece);
    out += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    out += "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":321,\"completion_tokens\":4,\"total_tokens\":325}}\n\n";
    out += "data: [DONE]\n\n";
    SendAll(fd, out);
  }
  ::close(fd);
}

}  // namespace stylist::testing
