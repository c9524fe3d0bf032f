#pragma once
// JSON Web Tokens: HS256 signing for our own access tokens, and verification
// of HS256, RS256 and ES256 tokens with the algorithm pinned by the caller
// (the header's `alg` must match; `none` and anything else are refused).
// RS256 and ES256 signatures are checked by cpp-jwt (libcpp-jwt-dev, over
// OpenSSL); HS256 by our constant-time HMAC compare, because cpp-jwt's
// compares the signature as a plain string.

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace stylist::jwt {

enum class Algorithm { kHs256, kRs256, kEs256 };

// The PEM public key for a token header's `kid`, or nullopt and why not
// (a JWKS, see auth/jwks.h). It may throw ApiError (keys unavailable).
using KeyForKid = std::function<std::optional<std::string>(const std::string& kid, std::string* reason)>;

struct VerifyOptions {
  Algorithm algorithm = Algorithm::kHs256;
  std::string hmac_secret;      // for HS256
  std::string public_key_pem;   // for RS256 / ES256 with one known key
  KeyForKid key_for_kid;        // for RS256 / ES256 from a key set: the header must name its kid
  std::string issuer;           // required iss
  std::string audience;         // required in aud (string or array)
  std::chrono::seconds leeway{30};
  bool require_jti = true;
};

struct Verified {
  nlohmann::json claims;
  std::string subject;
};

// RS256 for an RSA key, ES256 for an EC P-256 key; throws
// std::invalid_argument for anything else or an unreadable PEM.
Algorithm AlgorithmForPublicKey(const std::string& pem);

// "HS256", "RS256", "ES256"; ParseAlgorithm throws std::invalid_argument
// for any other name.
const char* AlgorithmName(Algorithm algorithm);
Algorithm ParseAlgorithm(const std::string& name);

// The token's `iss`, read without verifying anything, only to pick the
// verifier of that issuer (which then checks everything, iss included);
// "" when the token has none or is not a token. Any string is safe here.
std::string UnverifiedIssuer(const std::string& token);

// Creates header.payload.signature with {"alg":"HS256","typ":"JWT"}.
std::string SignHs256(const nlohmann::json& claims, const std::string& secret);

// Precomputed verifier (parses the PEM key once).
class Verifier {
 public:
  explicit Verifier(VerifyOptions options);
  ~Verifier();
  Verifier(Verifier&&) noexcept;
  Verifier& operator=(Verifier&&) noexcept;

  // nullopt and a reason on any failure. `now` is injectable for tests.
  std::optional<Verified> Verify(const std::string& token, std::string* reason,
                                 std::chrono::system_clock::time_point now =
                                     std::chrono::system_clock::now()) const;

 private:
  VerifyOptions options_;
};

}  // namespace stylist::jwt
