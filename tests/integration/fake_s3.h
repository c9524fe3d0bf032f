// A fake S3-compatible object store for the storage tests: path-style
// HEAD of the bucket, PUT, GET and DELETE of objects in one bucket, in memory, on a loopback
// port. Every request's SigV4 signature is checked against the request as
// received (host, path, payload hash, date) by a verifier written from
// AWS's documentation that shares no code with the product's signer, and
// refused with 403 SignatureDoesNotMatch otherwise, as S3 does. fail_next(n) answers the next
// n requests with 503 SlowDown.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http_test_server.h"

namespace stylist::testing {

class FakeS3 {
 public:
  FakeS3(std::string bucket, std::string access_key_id, std::string secret_access_key);

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  // Object keys (without the bucket) and their bytes.
  std::map<std::string, std::string> objects() const;
  int requests() const;
  int refused_signatures() const;
  void fail_next(int n);

 private:
  void Handle(const HttpRequest& req, int fd);

  const std::string bucket_, access_key_id_, secret_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> objects_;
  int requests_ = 0, refused_ = 0, fail_next_ = 0;
  std::unique_ptr<HttpTestServer> server_;
};

}  // namespace stylist::testing
