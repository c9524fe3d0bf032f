#include "storage/sigv4.h"

#include <algorithm>
#include <cstdio>

#include "common/crypto.h"

namespace stylist::storage {
namespace {

// "20130524T000000Z" and "20130524".
std::pair<std::string, std::string> Timestamps(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char full[32], day[16];
  std::strftime(full, sizeof full, "%Y%m%dT%H%M%SZ", &tm);
  std::strftime(day, sizeof day, "%Y%m%d", &tm);
  return {full, day};
}

// The signature of a canonical request made at amz_date within scope
// ("20130524/us-east-1/s3/aws4_request"), with the key derived for its day.
std::string Signature(const std::string& canonical_request, const std::string& amz_date, const std::string& date,
                      const std::string& scope, const SigV4Credentials& c) {
  const std::string to_sign =
      "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + crypto::ToHex(crypto::Sha256(canonical_request));
  std::string key = crypto::HmacSha256("AWS4" + c.secret_access_key, date);
  key = crypto::HmacSha256(key, c.region);
  key = crypto::HmacSha256(key, c.service);
  key = crypto::HmacSha256(key, "aws4_request");
  return crypto::ToHex(crypto::HmacSha256(key, to_sign));
}

std::string ScopeOf(const std::string& date, const SigV4Credentials& c) {
  return date + "/" + c.region + "/" + c.service + "/aws4_request";
}

struct Signed {
  std::string amz_date, scope, signed_headers, signature;
};

Signed Compute(const SigV4Request& r, const SigV4Credentials& c, std::time_t now) {
  Signed s;
  const auto [amz_date, date] = Timestamps(now);
  s.amz_date = amz_date;
  std::vector<std::pair<std::string, std::string>> headers = r.headers;
  headers.emplace_back("host", r.host);
  headers.emplace_back("x-amz-content-sha256", r.payload_sha256_hex);
  headers.emplace_back("x-amz-date", s.amz_date);
  std::sort(headers.begin(), headers.end());
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    s.signed_headers += (s.signed_headers.empty() ? "" : ";") + name;
  }
  const std::string canonical_request = r.method + "\n" + r.path + "\n" + r.query + "\n" + canonical_headers + "\n" +
                                        s.signed_headers + "\n" + r.payload_sha256_hex;
  s.scope = ScopeOf(date, c);
  s.signature = Signature(canonical_request, s.amz_date, date, s.scope, c);
  return s;
}

// S3's URI encoding of a query value: unreserved characters kept, '/'
// encoded too.
std::string UriEncodeValue(const std::string& value) {
  std::string out;
  for (const char ch : UriEncodePath(value)) {
    if (ch == '/') out += "%2F";
    else out += ch;
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SignV4(const SigV4Request& request, const SigV4Credentials& creds,
                                                        std::time_t now) {
  const Signed s = Compute(request, creds, now);
  return {{"authorization", "AWS4-HMAC-SHA256 Credential=" + creds.access_key_id + "/" + s.scope +
                                ", SignedHeaders=" + s.signed_headers + ", Signature=" + s.signature},
          {"x-amz-date", s.amz_date},
          {"x-amz-content-sha256", request.payload_sha256_hex}};
}

std::string SignatureV4(const SigV4Request& request, const SigV4Credentials& creds, std::time_t now) {
  return Compute(request, creds, now).signature;
}

std::string PresignV4(const SigV4Request& request, const SigV4Credentials& creds, std::time_t now,
                      std::chrono::seconds expires) {
  const auto [amz_date, date] = Timestamps(now);
  const std::string scope = ScopeOf(date, creds);
  // The query's parameters in name order, as the canonical request has them.
  const std::string query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" +
                            UriEncodeValue(creds.access_key_id + "/" + scope) + "&X-Amz-Date=" + amz_date +
                            "&X-Amz-Expires=" + std::to_string(expires.count()) + "&X-Amz-SignedHeaders=host";
  const std::string canonical_request = request.method + "\n" + request.path + "\n" + query + "\nhost:" +
                                        request.host + "\n\nhost\nUNSIGNED-PAYLOAD";
  return query + "&X-Amz-Signature=" + Signature(canonical_request, amz_date, date, scope, creds);
}

std::string UriEncodePath(const std::string& key) {
  std::string out;
  for (const unsigned char ch : key) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == '/') {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

}  // namespace stylist::storage
