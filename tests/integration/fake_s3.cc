#include "fake_s3.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <cstdio>
#include <sstream>
#include <vector>

namespace stylist::testing {
namespace {

using Http = HttpTestServer;

std::string Error(int status, const std::string& reason, const std::string& code) {
  return Http::Response(status, reason, "application/xml",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code></Error>");
}

// SigV4 verification written from AWS's documentation ("Create a
// signed AWS API request", the S3 variant: paths are not encoded twice,
// the payload hash is the x-amz-content-sha256 header), with OpenSSL
// directly: it shares no code with the product's signer (storage/sigv4),
// so a mistake there cannot cancel out here.
std::string Hex(const unsigned char* bytes, std::size_t n) {
  std::string out;
  char buf[3];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    out += buf;
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof digest);
}

std::string Hmac(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

// A field of "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
std::string AuthField(const std::string& auth, const std::string& name) {
  const auto at = auth.find(name + "=");
  if (at == std::string::npos) return "";
  const auto start = at + name.size() + 1;
  const auto end = auth.find(',', start);
  return auth.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

// Whether `auth` is the signature of the request as received.
bool SignatureMatches(const HttpRequest& req, const std::string& auth, const std::string& access_key_id,
                      const std::string& secret) {
  if (auth.rfind("AWS4-HMAC-SHA256 ", 0) != 0) return false;
  const auto credential = Split(AuthField(auth, "Credential"), '/');  // key, date, region, service, aws4_request
  const std::string signed_headers = AuthField(auth, "SignedHeaders");
  const std::string signature = AuthField(auth, "Signature");
  if (credential.size() != 5 || credential[0] != access_key_id || credential[3] != "s3" ||
      credential[4] != "aws4_request" || signature.empty()) {
    return false;
  }
  const auto header = [&](const std::string& name) {
    const auto it = req.headers.find(name);
    return it == req.headers.end() ? std::string() : it->second;
  };
  const std::string amz_date = header("x-amz-date");
  if (amz_date.size() != 16 || amz_date.substr(0, 8) != credential[1]) return false;
  // Host, the date and the payload hash must be among the signed headers.
  const auto names = Split(signed_headers, ';');
  for (const char* required : {"host", "x-amz-date", "x-amz-content-sha256"}) {
    if (std::find(names.begin(), names.end(), required) == names.end()) return false;
  }
  if (!std::is_sorted(names.begin(), names.end())) return false;
  const auto q = req.target.find('?');
  std::string query = q == std::string::npos ? "" : req.target.substr(q + 1);
  auto params = Split(query, '&');
  std::sort(params.begin(), params.end());
  query.clear();
  for (const auto& p : params) query += (query.empty() ? "" : "&") + (p.find('=') == std::string::npos ? p + "=" : p);
  std::string canonical = req.method + "\n" + req.target.substr(0, q) + "\n" + query + "\n";
  for (const auto& name : names) canonical += name + ":" + header(name) + "\n";
  canonical += "\n" + signed_headers + "\n" + header("x-amz-content-sha256");
  const std::string scope = credential[1] + "/" + credential[2] + "/s3/aws4_request";
  const std::string to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical);
  const std::string key = Hmac(Hmac(Hmac(Hmac("AWS4" + secret, credential[1]), credential[2]), "s3"), "aws4_request");
  const std::string mac = Hmac(key, to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size()) == signature;
}

// A presigned URL's query, as AWS documents it ("Authenticating Requests:
// Using Query Parameters"): the X-Amz-* parameters sign method, path, the
// other parameters and the host header, with an unsigned payload.
enum class Presigned { kValid, kRefused, kExpired };

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

Presigned CheckPresigned(const HttpRequest& req, const std::string& host, const std::string& access_key_id,
                         const std::string& secret) {
  const auto q = req.target.find('?');
  std::map<std::string, std::string> params;  // encoded as received
  std::vector<std::string> signed_params;
  for (const auto& p : Split(req.target.substr(q + 1), '&')) {
    const auto eq = p.find('=');
    params[p.substr(0, eq)] = eq == std::string::npos ? "" : p.substr(eq + 1);
    if (p.rfind("X-Amz-Signature=", 0) != 0) signed_params.push_back(eq == std::string::npos ? p + "=" : p);
  }
  std::sort(signed_params.begin(), signed_params.end());
  const auto credential = Split(PercentDecode(params["X-Amz-Credential"]), '/');
  const std::string amz_date = params["X-Amz-Date"];
  if (params["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256" || params["X-Amz-SignedHeaders"] != "host" ||
      credential.size() != 5 || credential[0] != access_key_id || credential[3] != "s3" ||
      credential[4] != "aws4_request" || amz_date.size() != 16 || amz_date.substr(0, 8) != credential[1]) {
    return Presigned::kRefused;
  }
  std::string query;
  for (const auto& p : signed_params) query += (query.empty() ? "" : "&") + p;
  const std::string canonical =
      req.method + "\n" + req.target.substr(0, q) + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
  const std::string scope = credential[1] + "/" + credential[2] + "/s3/aws4_request";
  const std::string to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical);
  const std::string key = Hmac(Hmac(Hmac(Hmac("AWS4" + secret, credential[1]), credential[2]), "s3"), "aws4_request");
  const std::string mac = Hmac(key, to_sign);
  if (Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size()) != params["X-Amz-Signature"]) {
    return Presigned::kRefused;
  }
  std::tm tm{};
  if (!strptime(amz_date.c_str(), "%Y%m%dT%H%M%SZ", &tm)) return Presigned::kRefused;
  long expires = 0;
  try {
    expires = std::stol(params["X-Amz-Expires"]);
  } catch (const std::exception&) {
    return Presigned::kRefused;
  }
  if (expires < 1 || expires > 604800) return Presigned::kRefused;
  return std::time(nullptr) > timegm(&tm) + expires ? Presigned::kExpired : Presigned::kValid;
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
  // The signature, recomputed from what arrived (SignatureMatches), and
  // the payload against its declared hash.
  auto header = [&](const char* name) {
    const auto it = req.headers.find(name);
    return it == req.headers.end() ? std::string() : it->second;
  };
  if (req.target.find("X-Amz-Signature=") != std::string::npos) {
    // A presigned URL, as a browser fetches it: GET only.
    const Presigned check = req.method == "GET" ? CheckPresigned(req, header("host"), access_key_id_, secret_)
                                                 : Presigned::kRefused;
    if (check != Presigned::kValid) {
      ++refused_;
      Http::SendAll(fd, Error(403, "Forbidden", check == Presigned::kExpired ? "AccessDenied" : "SignatureDoesNotMatch"));
      return;
    }
  } else if (const bool payload_ok = header("x-amz-content-sha256") == Sha256Hex(req.body);
             !payload_ok || !SignatureMatches(req, header("authorization"), access_key_id_, secret_)) {
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
  const std::string key = req.target.substr(prefix.size(), req.target.find('?') - prefix.size());
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
