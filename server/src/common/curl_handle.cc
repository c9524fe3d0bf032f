#include "common/curl_handle.h"

#include <memory>
#include <mutex>
#include <stdexcept>

namespace stylist {

CURL* ThreadCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  thread_local std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), curl_easy_cleanup);
  if (!handle) throw std::runtime_error("could not start an HTTP client");
  curl_easy_reset(handle.get());
  return handle.get();
}

}  // namespace stylist
