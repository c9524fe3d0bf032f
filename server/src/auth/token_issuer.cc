#include "auth/token_issuer.h"

#include "common/crypto.h"
#include "auth/jwt.h"

namespace stylist {

TokenIssuer::TokenIssuer(const AuthOptions& config)
    : secret_(config.jwt_secret),
      issuer_(config.jwt_issuer),
      audience_(config.jwt_audience),
      access_ttl_(config.access_token_ttl),
      refresh_ttl_(config.refresh_token_ttl),
      reset_ttl_(config.reset_token_ttl) {}

AccessToken TokenIssuer::IssueAccessToken(const std::string& user_id, const std::string& session_id,
                                          std::chrono::system_clock::time_point now) const {
  const auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const auto exp = iat + access_ttl_.count();
  nlohmann::json claims = {
      {"iss", issuer_}, {"aud", audience_}, {"sub", user_id}, {"sid", session_id},
      {"iat", iat},     {"exp", exp},       {"jti", crypto::RandomToken(16)},
  };
  return {jwt::SignHs256(claims, secret_),
          std::chrono::system_clock::time_point(std::chrono::seconds(exp))};
}

std::string TokenIssuer::NewOpaqueToken() { return crypto::RandomToken(32); }

std::string TokenIssuer::HashOpaqueToken(const std::string& token) {
  return crypto::ToHex(crypto::Sha256(token));
}

}  // namespace stylist
