#include "fake_llm.h"

#include <chrono>
#include <thread>

namespace stylist::testing {
namespace {

using Http = HttpTestServer;

std::string Chunk(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + escaped + "\"}}]}\n\n";
}

}  // namespace

FakeLlm::FakeLlm(int port)
    : server_(std::make_unique<HttpTestServer>([this](const HttpRequest& req, int fd) { Handle(req, fd); }, port)) {}

std::string FakeLlm::base_url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/v1"; }

std::string FakeLlm::last_authorization() const {
  std::lock_guard lock(mu_);
  return last_authorization_;
}

std::string FakeLlm::last_body() const {
  std::lock_guard lock(mu_);
  return last_body_;
}

void FakeLlm::Handle(const HttpRequest& req, int fd) {
  const std::string& body = req.body;
  ++requests_;
  {
    std::lock_guard lock(mu_);
    last_body_ = body;
    const auto a = req.headers.find("authorization");
    last_authorization_ = a == req.headers.end() ? "" : a->second;
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
    Http::SendAll(fd, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(json.size()) + "\r\nConnection: close\r\n\r\n" + json);
  } else if (tail.find("[stall]") != std::string::npos) {
    for (int i = 0; i < 30 && !server_->stopping() && !Http::PeerClosed(fd); ++i) std::this_thread::sleep_for(100ms);
  } else if (tail.find("[disconnect]") != std::string::npos) {
    Http::SendAll(fd, stream_head + Chunk("Half ") + Chunk("an answer"));
  } else if (tail.find("[slow]") != std::string::npos) {
    bool ok = Http::SendAll(fd, stream_head);
    for (int i = 0; ok && i < 60; ++i) {
      std::this_thread::sleep_for(100ms);
      ok = !Http::PeerClosed(fd) && Http::SendAll(fd, Chunk("word" + std::to_string(i) + " "));
    }
    if (!ok) {
      ++aborted_;
    } else {
      Http::SendAll(fd, "data: [DONE]\n\n");
    }
  } else if (const auto t = tail.find("[tokens="); t != std::string::npos) {
    const int n = std::stoi(tail.substr(t + 8));
    std::string out = stream_head;
    for (int i = 0; i < n; ++i) out += Chunk("tok ");
    out += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    out += "data: [DONE]\n\n";
    Http::SendAll(fd, out);
  } else {
    std::string out = stream_head;
    for (const char* piece : {"Hello", " from", " the", " model."}) out += Chunk(piece);
    out += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    out += "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":321,\"completion_tokens\":4,\"total_tokens\":325}}\n\n";
    out += "data: [DONE]\n\n";
    Http::SendAll(fd, out);
  }
}

}  // namespace stylist::testing
