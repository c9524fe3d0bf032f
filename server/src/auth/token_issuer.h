#pragma once
// Issues our access tokens (HS256 JWTs) and opaque refresh/reset tokens.

#include <chrono>
#include <string>

#include "auth/auth_options.h"

namespace stylist {

struct AccessToken {
  std::string token;
  std::chrono::system_clock::time_point expires_at;
};

class TokenIssuer {
 public:
  explicit TokenIssuer(const AuthOptions& config);

  AccessToken IssueAccessToken(const std::string& user_id, const std::string& session_id,
                               std::chrono::system_clock::time_point now =
                                   std::chrono::system_clock::now()) const;

  // An opaque refresh, reset or API key secret, and the hash to store
  // (hex SHA-256: these tokens carry 256 random bits, so a slow hash adds
  // nothing).
  static std::string NewOpaqueToken();
  static std::string HashOpaqueToken(const std::string& token);

  std::chrono::seconds refresh_ttl() const { return refresh_ttl_; }
  std::chrono::seconds reset_ttl() const { return reset_ttl_; }

 private:
  std::string secret_;
  std::string issuer_;
  std::string audience_;
  std::chrono::seconds access_ttl_;
  std::chrono::seconds refresh_ttl_;
  std::chrono::seconds reset_ttl_;
};

}  // namespace stylist
