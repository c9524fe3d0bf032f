#pragma once
// One libcurl easy handle per thread, reset before each request. libcurl
// keeps its connection cache in the handle, so a worker thread reuses its
// connections (and TLS sessions) to the model provider and the object store
// instead of a TCP and TLS handshake per request. A handle is never shared
// between threads.

#include <curl/curl.h>

namespace stylist {

// The calling thread's handle, reset (options cleared, connections kept).
// Throws std::runtime_error when libcurl cannot make one.
CURL* ThreadCurl();

}  // namespace stylist
