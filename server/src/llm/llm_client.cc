#include "llm/llm_client.h"

#include <curl/curl.h>

#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/curl_handle.h"

namespace stylist::llm {
namespace {

using Clock = std::chrono::steady_clock;

// State of one transfer, shared with libcurl's callbacks.
struct Transfer {
  const std::function<void(const std::string&)>* on_delta = nullptr;
  const std::atomic<bool>* cancel = nullptr;
  Clock::time_point start;
  std::chrono::milliseconds first_token_timeout{0};
  std::string pending;  // bytes of an SSE event not complete yet
  std::string error_body;
  long status = 0;
  bool started = false;
  bool done = false;
  bool finished = false;  // a choice carried a finish_reason
  bool timed_out_first = false;
  int prompt_tokens = -1, completion_tokens = -1;
  CURL* curl = nullptr;
};

// One SSE event's data: a chunk of the completion, the usage, or [DONE].
void HandleData(Transfer& t, const std::string& data) {
  if (data == "[DONE]") {
    t.done = true;
    return;
  }
  const auto j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return;
  if (j.contains("usage") && j["usage"].is_object()) {
    t.prompt_tokens = j["usage"].value("prompt_tokens", -1);
    t.completion_tokens = j["usage"].value("completion_tokens", -1);
  }
  if (!j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) return;
  const auto& choice = j["choices"][0];
  if (choice.contains("finish_reason") && choice["finish_reason"].is_string()) t.finished = true;
  if (choice.contains("delta") && choice["delta"].is_object()) {
    const auto& delta = choice["delta"];
    if (delta.contains("content") && delta["content"].is_string()) {
      const auto text = delta["content"].get<std::string>();
      if (!text.empty()) {
        t.started = true;
        (*t.on_delta)(text);
      }
    }
  }
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (t.status == 0) curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &t.status);
  if (t.status != 200) {
    if (t.error_body.size() < 2000) t.error_body.append(data, std::min<size_t>(bytes, 2000));
    return bytes;
  }
  t.pending.append(data, bytes);
  // Events end with a blank line; lines starting "data:" carry the payload.
  for (std::size_t end; (end = t.pending.find("\n\n")) != std::string::npos || (end = t.pending.find("\r\n\r\n")) != std::string::npos;) {
    const std::string event = t.pending.substr(0, end);
    t.pending.erase(0, end + (t.pending.compare(end, 4, "\r\n\r\n") == 0 ? 4 : 2));
    std::size_t pos = 0;
    while (pos < event.size()) {
      std::size_t eol = event.find('\n', pos);
      if (eol == std::string::npos) eol = event.size();
      std::string line = event.substr(pos, eol - pos);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("data:", 0) == 0) {
        std::string payload = line.substr(5);
        if (!payload.empty() && payload.front() == ' ') payload.erase(0, 1);
        HandleData(t, payload);
      }
      pos = eol + 1;
    }
    if (t.cancel->load()) return 0;  // abort: the caller went away
  }
  return bytes;
}

// Called often by libcurl: cancellation and the first-token deadline.
int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto& t = *static_cast<Transfer*>(user);
  if (t.cancel->load()) return 1;
  if (!t.started && Clock::now() - t.start > t.first_token_timeout) {
    t.timed_out_first = true;
    return 1;
  }
  return 0;
}

// What went wrong, in words that never contain the key or the request.
std::string Describe(CURLcode code, const Transfer& t) {
  if (t.timed_out_first) return "the model sent nothing within the first-token timeout";
  if (t.status != 0 && t.status != 200) {
    std::string detail;
    const auto j = nlohmann::json::parse(t.error_body, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("error")) {
      const auto& e = j["error"];
      if (e.is_object() && e.contains("message") && e["message"].is_string()) detail = e["message"].get<std::string>();
      if (e.is_string()) detail = e.get<std::string>();
    }
    if (detail.size() > 200) detail.resize(200);
    return "the model provider answered HTTP " + std::to_string(t.status) + (detail.empty() ? "" : ": " + detail);
  }
  if (code == CURLE_OPERATION_TIMEDOUT) return "the model did not finish within the total timeout";
  if (code != CURLE_OK) return std::string("the model provider could not be reached: ") + curl_easy_strerror(code);
  return "the model's stream ended without completing";
}

bool Retryable(const Transfer& t) {
  // Client errors other than rate limiting will fail the same way again.
  return t.status == 0 || t.status == 429 || t.status >= 500;
}

}  // namespace

LlmClient::LlmClient(LlmOptions options) : options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') options_.base_url.pop_back();
}

LlmResult LlmClient::Stream(const std::vector<LlmMessage>& messages,
                            const std::function<void(const std::string&)>& on_delta,
                            const std::atomic<bool>& cancel) const {
  nlohmann::json body = {{"model", options_.model},
                         {"stream", true},
                         {"stream_options", {{"include_usage", true}}},
                         {"max_tokens", options_.max_tokens},
                         {"messages", nlohmann::json::array()}};
  for (const auto& m : messages) body["messages"].push_back({{"role", m.role}, {"content", m.content}});
  const std::string text = body.dump();
  LlmResult result;
  for (int attempt = 0; attempt <= options_.retries; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
    if (cancel.load()) {
      result.cancelled = true;
      return result;
    }
    result = Attempt(text, on_delta, cancel);
    if (result.ok || result.cancelled || result.started || !result.retryable) return result;
  }
  return result;
}

LlmResult LlmClient::Attempt(const std::string& body, const std::function<void(const std::string&)>& on_delta,
                             const std::atomic<bool>& cancel) const {
  CURL* const c = ThreadCurl();
  LlmResult result;
  Transfer t;
  t.on_delta = &on_delta;
  t.cancel = &cancel;
  t.start = Clock::now();
  t.first_token_timeout = options_.first_token_timeout;
  t.curl = c;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Accept: text/event-stream");
  if (!options_.api_key.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + options_.api_key).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
  const std::string url = options_.base_url + "/chat/completions";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  // Only http(s): a base URL must not turn into file:// or another scheme.
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  const CURLcode code = curl_easy_perform(c);
  if (t.status == 0) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.status);
  result.started = t.started;
  result.prompt_tokens = t.prompt_tokens;
  result.completion_tokens = t.completion_tokens;
  if (cancel.load()) {
    result.cancelled = true;
    return result;
  }
  // Complete only with [DONE] or a finish reason: a connection that just
  // closed may have cut the answer short.
  if (code == CURLE_OK && t.status == 200 && (t.done || t.finished)) {
    result.ok = true;
    return result;
  }
  result.error = Describe(code, t);
  result.retryable = Retryable(t);
  return result;
}

}  // namespace stylist::llm
