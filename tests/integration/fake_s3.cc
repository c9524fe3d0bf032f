#include "fake_s3.h"

#include <ctime>

#include "auth/crypto.h"
#include "storage/sigv4.h"

namespace stylist::testing {
namespace {

using Http = HttpTestServer;

std::string Error(int status, const std::string& reason, const std::string& code) {
  return Http::Response(status, reason, "application/xml",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code></Error>");
}

// "20130524T000000Z" -> seconds since the epoch.
std::time_t ParseAmzDate(const std::string& s) {
  std::tm tm{};
  if (!strptime(s.c_str(), "%Y%m%dT%H%M%SZ", &tm)) return 0;
  return timegm(&tm);
}

}  // namespace

FakeS3::FakeS3(std::string bucket, std::string access_key_id, std::string secret_access_key)
    : bucket_(std::move(bucket)), access_key_id_(std::move(access_key_id)), secret_(std::move(secret_access_key)),
      server_(std::make_unique<HttpTestServer>([this](const HttpRequest& req, int fd) { Handle(req, fd); })) {}

std::map<std::string, std::string> FakeS3::objects() const {
  std::lock_guard lock(mu_);
  return objects_;
}

int FakeS3::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int FakeS3::refused_signatures() const {
  std::lock_guard lock(mu_);
  return refused_;
}

void FakeS3::fail_next(int n) {
  std::lock_guard lock(mu_);
  fail_next_ = n;
}

void FakeS3::Handle(const HttpRequest& req, int fd) {
  std::lock_guard lock(mu_);
  ++requests_;
  if (fail_next_ > 0) {
    --fail_next_;
    Http::SendAll(fd, Error(503, "Slow Down", "SlowDown"));
    return;
  }
  // The signature, recomputed from what arrived.
  auto header = [&](const char* name) {
    const auto it = req.headers.find(name);
    return it == req.headers.end() ? std::string() : it->second;
  };
  storage::SigV4Request sig;
  sig.method = req.method;
  sig.host = header("host");
  sig.path = req.target;
  sig.payload_sha256_hex = header("x-amz-content-sha256");
  const storage::SigV4Credentials creds{access_key_id_, secret_, "us-east-1", "s3"};
  const std::string expected = storage::SignV4(sig, creds, ParseAmzDate(header("x-amz-date")))[0].second;
  const bool payload_ok = sig.payload_sha256_hex == crypto::ToHex(crypto::Sha256(req.body));
  if (header("authorization") != expected || !payload_ok) {
    ++refused_;
    Http::SendAll(fd, Error(403, "Forbidden", payload_ok ? "SignatureDoesNotMatch" : "XAmzContentSHA256Mismatch"));
    return;
  }
  if (req.method == "HEAD") {
    Http::SendAll(fd, req.target == "/" + bucket_ ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                                  : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return;
  }
  const std::string prefix = "/" + bucket_ + "/";
  if (req.target.rfind(prefix, 0) != 0) {
    Http::SendAll(fd, Error(404, "Not Found", "NoSuchBucket"));
    return;
  }
  const std::string key = req.target.substr(prefix.size());
  if (req.method == "PUT") {
    objects_[key] = req.body;
    Http::SendAll(fd, Http::Response(200, "OK", "application/xml", ""));
  } else if (req.method == "GET") {
    const auto it = objects_.find(key);
    Http::SendAll(fd, it == objects_.end() ? Error(404, "Not Found", "NoSuchKey")
                                           : Http::Response(200, "OK", "application/octet-stream", it->second));
  } else if (req.method == "DELETE") {
    objects_.erase(key);
    Http::SendAll(fd, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  } else {
    Http::SendAll(fd, Error(405, "Method Not Allowed", "MethodNotAllowed"));
  }
}

}  // namespace stylist::testing
