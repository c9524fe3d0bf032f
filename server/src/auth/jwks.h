#pragma once
// JSON Web Key Sets (RFC 7517) of external identity providers: an OIDC
// issuer's (Firebase, Auth0, Supabase with signing keys, ...) public keys,
// read from a file or a URL and cached by key id. A token naming an unknown
// key id makes the cache fetch the set again (the provider rotated its
// keys), at most once per `min_refresh`, so that tokens with made-up key ids
// cannot turn into a flood of fetches.

#include "auth/jwt.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace stylist::auth {

// The usable keys of a JWKS document for one pinned algorithm, as PEM by
// key id: RSA keys (at least 2048 bits) for RS256, EC P-256 keys for ES256.
// Keys for another algorithm or use ("enc"), or without a kid, are skipped.
// Throws std::invalid_argument when the document is not a JWKS at all.
std::unordered_map<std::string, std::string> ParseJwks(const std::string& document, jwt::Algorithm algorithm);

// Where a key set comes from: returns the document, throws
// std::runtime_error when it cannot be had.
using JwksFetch = std::function<std::string()>;
JwksFetch JwksFromFile(std::string path);
// GET over http(s) with a 5 s limit; at most 1 MiB; a non-2xx is an error.
JwksFetch JwksFromUrl(std::string url);

struct JwksCacheOptions {
  jwt::Algorithm algorithm = jwt::Algorithm::kRs256;
  // Least time between two fetches (an unknown kid fetches again).
  std::chrono::milliseconds min_refresh{std::chrono::seconds(30)};
  // Keys older than this are fetched again before use, so keys the provider
  // withdrew stop being accepted.
  std::chrono::milliseconds max_age{std::chrono::hours(1)};
};

class JwksCache {
 public:
  using Clock = std::chrono::steady_clock;
  JwksCache(JwksFetch fetch, JwksCacheOptions options);

  // The PEM key for `kid`, or nullopt and why. Throws ApiError UNAVAILABLE
  // when no key set has been fetched, or the last fetch failed and the kid
  // is not known (the provider is unreachable): the token may be fine, and
  // the client should retry, not sign out. Only a caller with no key known
  // yet waits for a fetch in flight.
  std::optional<std::string> PemFor(const std::string& kid, std::string* reason);

  // As a jwt::VerifyOptions::key_for_kid.
  jwt::KeyForKid AsKeyForKid();

 private:
  // The set from the provider, parsed; nullopt (logged) on any failure.
  std::optional<std::unordered_map<std::string, std::string>> Fetch() const;

  JwksFetch fetch_;
  JwksCacheOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;  // a fetch ended
  std::unordered_map<std::string, std::string> keys_;
  bool fetching_ = false;
  bool last_fetch_failed_ = false;
  std::optional<Clock::time_point> last_attempt_;
  std::optional<Clock::time_point> last_success_;
};

}  // namespace stylist::auth
