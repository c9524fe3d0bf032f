#pragma once
// The one bounded HTTP GET of the server, for documents it fetches from
// places the configuration names (an identity provider's key set, a photo
// in a Supabase project's storage): a size cap that aborts the transfer as
// soon as it is passed, connect and total timeouts, no redirects (a
// redirect could lead anywhere), only http and https.

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace stylist {

struct HttpGetOptions {
  std::size_t max_bytes = 1 << 20;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{5000};
};

// Why a GET failed: status is the HTTP status of an answer that was not
// 2xx, or 0 when there was no answer (connection, timeout, size cap).
class HttpGetError : public std::runtime_error {
 public:
  HttpGetError(const std::string& what, long status) : std::runtime_error(what), status_(status) {}
  long status() const { return status_; }

 private:
  long status_;
};

// The body of a 2xx answer to GET `url`; throws HttpGetError otherwise
// (whose message names the URL without its query).
std::string HttpGet(const std::string& url, const HttpGetOptions& options);

}  // namespace stylist
