#include "common/http_get.h"

#include "common/curl_handle.h"

namespace stylist {
namespace {

struct Sink {
  std::string body;
  std::size_t max_bytes;
  bool too_large = false;
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* out) {
  auto* sink = static_cast<Sink*>(out);
  if (sink->body.size() + size * count > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, size * count);
  return size * count;
}

}  // namespace

std::string HttpGet(const std::string& url, const HttpGetOptions& options) {
  CURL* const c = ThreadCurl();
  Sink sink{{}, options.max_bytes};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  // A server that says the body is larger is refused before it is sent.
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  const CURLcode code = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  // Errors name the URL without its query, which may hold a token (a
  // signed storage URL): they reach logs and stored job errors.
  const std::string shown = url.substr(0, url.find('?'));
  if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    throw HttpGetError(shown + ": larger than " + std::to_string(options.max_bytes) + " bytes", 0);
  }
  if (code != CURLE_OK) throw HttpGetError(shown + ": " + curl_easy_strerror(code), 0);
  if (status < 200 || status > 299) throw HttpGetError(shown + ": HTTP " + std::to_string(status), status);
  return std::move(sink.body);
}

}  // namespace stylist
