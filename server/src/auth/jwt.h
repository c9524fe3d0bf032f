#pragma once
// JSON Web Tokens: HS256 signing for our own access tokens, and verification
// of HS256, RS256 and ES256 tokens with the algorithm pinned by the caller
// (the header's `alg` must match; `none` and anything else are refused).

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace stylist::jwt {

enum class Algorithm { kHs256, kRs256, kEs256 };

struct VerifyOptions {
  Algorithm algorithm = Algorithm::kHs256;
  std::string hmac_secret;      // for HS256
  std::string public_key_pem;   // for RS256 / ES256
  std::string issuer;           // required iss
  std::string audience;         // required in aud (string or array)
  std::chrono::seconds leeway{30};
  bool require_jti = true;
};

struct Verified {
  nlohmann::json claims;
  std::string subject;
};

// RS256 for an RSA key, ES256 for an EC key; throws std::invalid_argument
// for anything else or an unreadable PEM.
Algorithm AlgorithmForPublicKey(const std::string& pem);

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
  struct Key;
  std::unique_ptr<Key> key_;
};

}  // namespace stylist::jwt
