#include <curl/curl.h>

#include <memory>
#include <stdexcept>
#include <tuple>
#include <thread>

#include "common/crypto.h"
#include "common/curl_handle.h"
#include "storage/blob_store.h"
#include "storage/sigv4.h"

namespace stylist::storage {
namespace {

struct Response {
  long status = 0;
  std::string body;
};

size_t Collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

// "<Code>NoSuchBucket</Code>" -> "NoSuchBucket": S3's error, for messages.
std::string ErrorCode(const std::string& xml) {
  const auto a = xml.find("<Code>");
  const auto b = xml.find("</Code>");
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  return xml.substr(a + 6, b - a - 6);
}

class S3BlobStore final : public BlobStore {
 public:
  explicit S3BlobStore(S3Options o) : o_(std::move(o)) {
    std::tie(scheme_, host_) = SchemeAndHost(o_.endpoint);
    std::tie(public_scheme_, public_host_) =
        o_.public_endpoint.empty() ? std::pair(scheme_, host_) : SchemeAndHost(o_.public_endpoint);
  }

  std::optional<std::string> PresignedGetUrl(const std::string& key, std::chrono::seconds ttl) override {
    SigV4Request req;
    req.method = "GET";
    std::tie(req.host, req.path) = Address(public_host_, key, /*bucket_only=*/false);
    return public_scheme_ + "://" + req.host + req.path + "?" + PresignV4(req, o_.credentials, std::time(nullptr), ttl);
  }

  void Put(const std::string& key, const std::string& bytes) override {
    // Keys are fresh random names, so a retried PUT cannot overwrite
    // anything but its own earlier attempt.
    const auto r = Send("PUT", key, bytes, /*attempts=*/3);
    if (r.status != 200) throw Failure("storing", key, r);
  }

  std::optional<std::string> Get(const std::string& key) override {
    auto r = Send("GET", key, "", 3);
    if (r.status == 404) return std::nullopt;
    if (r.status != 200) throw Failure("reading", key, r);
    return std::move(r.body);
  }

  // HEAD on the bucket: a wrong bucket or refused keys stop the server at
  // start rather than failing the first upload.
  void CheckBucket() {
    Response r;
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
      r = Once("HEAD", "", "", /*bucket_only=*/true);
      if (r.status != 0 && r.status < 500) break;
    }
    if (r.status == 200) return;
    if (r.status == 404) throw std::runtime_error("object storage: no bucket named " + o_.bucket + " at " + o_.endpoint);
    if (r.status == 403 || r.status == 401) {
      throw std::runtime_error("object storage: the access key is refused for bucket " + o_.bucket);
    }
    throw std::runtime_error("object storage at " + o_.endpoint + " is not answering (" +
                             (r.status == 0 ? std::string("unreachable") : "HTTP " + std::to_string(r.status)) + ")");
  }

  void Delete(const std::string& key) override {
    const auto r = Send("DELETE", key, "", 3);
    if (r.status != 204 && r.status != 200 && r.status != 404) throw Failure("deleting", key, r);
  }

 private:
  // "https://host:port" -> {"https", "host:port"}.
  static std::pair<std::string, std::string> SchemeAndHost(std::string endpoint) {
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    const auto scheme_end = endpoint.find("://");
    if (scheme_end == std::string::npos) throw std::invalid_argument("S3 endpoint needs a scheme");
    std::string host = endpoint.substr(scheme_end + 3);
    if (host.find('/') != std::string::npos) throw std::invalid_argument("S3 endpoint must not have a path");
    return {endpoint.substr(0, scheme_end), std::move(host)};
  }

  // The host and path of the bucket (bucket_only) or of key's object, at
  // `host`: path-style or virtual-hosted as configured.
  std::pair<std::string, std::string> Address(const std::string& host, const std::string& key, bool bucket_only) const {
    const std::string object = UriEncodePath(o_.prefix + key);
    if (o_.virtual_hosted) return {o_.bucket + "." + host, "/" + (bucket_only ? "" : object)};
    return {host, "/" + o_.bucket + (bucket_only ? "" : "/" + object)};
  }

  static std::runtime_error Failure(const char* what, const std::string& key, const Response& r) {
    const std::string code = ErrorCode(r.body);
    return std::runtime_error(std::string("object storage failed ") + what + " " + key + ": " +
                              (r.status == 0 ? "unreachable" : "HTTP " + std::to_string(r.status)) +
                              (code.empty() ? "" : " " + code));
  }

  Response Send(const std::string& method, const std::string& key, const std::string& body, int attempts) {
    Response r;
    for (int attempt = 0; attempt < attempts; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
      r = Once(method, key, body);
      // Retry what may pass on a second try: no answer, throttling, 5xx.
      if (r.status != 0 && r.status != 429 && r.status < 500) break;
    }
    return r;
  }

  // A whole-bucket request (HEAD) when `bucket_only`, else the object.
  Response Once(const std::string& method, const std::string& key, const std::string& body,
                bool bucket_only = false) {
    SigV4Request req;
    req.method = method;
    std::tie(req.host, req.path) = Address(host_, key, bucket_only);
    req.payload_sha256_hex = crypto::ToHex(crypto::Sha256(body));
    const auto signed_headers = SignV4(req, o_.credentials, std::time(nullptr));
    const std::string url = scheme_ + "://" + req.host + req.path;

    CURL* const c = ThreadCurl();
    curl_slist* headers = curl_slist_append(nullptr, "Expect:");  // no 100-continue round trip
    for (const auto& [name, value] : signed_headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
    Response r;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (method == "PUT") {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    return r;
  }

  S3Options o_;
  std::string scheme_, host_;
  std::string public_scheme_, public_host_;  // of presigned URLs
};

}  // namespace

std::unique_ptr<BlobStore> NewS3BlobStore(S3Options options) {
  auto store = std::make_unique<S3BlobStore>(std::move(options));
  store->CheckBucket();
  return store;
}

}  // namespace stylist::storage
