// Test-side signing keys and tokens for external identity providers: RSA
// and EC P-256 keys made with OpenSSL, their JWKs, and JWTs signed here
// with OpenSSL directly (not with the product's code, which only verifies).
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace stylist::testing {

class TestKey {
 public:
  // "RS256" (a 2048-bit RSA key) or "ES256" (an EC P-256 key).
  static TestKey Generate(const std::string& algorithm, std::string kid);
  TestKey(TestKey&&) noexcept;
  TestKey& operator=(TestKey&&) noexcept;
  ~TestKey();

  const std::string& kid() const { return kid_; }
  const std::string& algorithm() const { return algorithm_; }
  // The public key as a JWK (kty, kid, use, alg and n/e or crv/x/y).
  nlohmann::json Jwk() const;
  std::string PublicPem() const;
  // header.payload.signature with {"alg": algorithm, "kid": kid} merged
  // with `header` (which may override either, or add members).
  std::string Sign(const nlohmann::json& claims, const nlohmann::json& header = nlohmann::json::object()) const;

 private:
  TestKey() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string algorithm_, kid_;
};

// A JWKS document holding the keys' JWKs.
std::string JwksOf(std::initializer_list<const TestKey*> keys);

}  // namespace stylist::testing
