// AWS Signature Version 4 for S3-compatible requests (AWS S3, MinIO, Ceph,
// R2, ...): the canonical request, the string to sign and the derived
// signing key, as the AWS documentation specifies them.
#pragma once

#include <chrono>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace stylist::storage {

struct SigV4Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region = "us-east-1";
  std::string service = "s3";
};

struct SigV4Request {
  std::string method;  // "PUT"
  std::string host;    // with the port when not the scheme's default
  std::string path;    // URI-encoded, e.g. "/bucket/photos/3f/3f9a"
  std::string query;   // canonical query string ("" for none)
  // Further headers to sign (lower-case names), e.g. {"range", "bytes=0-9"}.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_sha256_hex;
};

// The headers to send with the request: authorization, x-amz-date and
// x-amz-content-sha256.
std::vector<std::pair<std::string, std::string>> SignV4(const SigV4Request& request, const SigV4Credentials& creds,
                                                        std::time_t now);

// The signature alone (hex), for tests against published examples.
std::string SignatureV4(const SigV4Request& request, const SigV4Credentials& creds, std::time_t now);

// The query string of a presigned URL for request (method, host and path;
// its headers, query and payload are not used): anyone holding the URL may
// make that one request until `expires` after now (S3 allows at most 7
// days). The payload is unsigned, as S3's presigned GETs are.
std::string PresignV4(const SigV4Request& request, const SigV4Credentials& creds, std::time_t now,
                      std::chrono::seconds expires);

// S3's URI encoding of an object key: unreserved characters and '/' kept.
std::string UriEncodePath(const std::string& key);

}  // namespace stylist::storage
