#pragma once
// What the auth module takes from the configuration (config/config.h fills
// these from settings): token signing and lifetimes, the trusted external
// issuer, the bootstrap key, and the per-address and per-account limits.

#include <chrono>
#include <string>

namespace stylist {

struct RateLimitConfig {
  int login_per_address_per_minute = 30;
  int login_failures_per_account_per_15min = 10;
  int register_per_address_per_hour = 30;
  // Of those, how many may be answered "already taken" (ALREADY_EXISTS):
  // each tells whose e-mail or username exists.
  int register_taken_per_address_per_hour = 5;
  int reset_per_address_per_hour = 20;
  int reset_per_account_per_hour = 5;
};

struct AuthOptions {
  std::string jwt_secret;
  std::string jwt_issuer = "stylist";
  std::string jwt_audience = "stylist";
  std::chrono::seconds access_token_ttl{15 * 60};
  std::chrono::seconds refresh_token_ttl{30 * 24 * 3600};
  std::chrono::seconds reset_token_ttl{30 * 60};

  // Optional trusted external issuer (e.g. Supabase Auth).
  std::string external_jwt_issuer;
  std::string external_jwt_audience;
  std::string external_jwt_hs256_secret;
  std::string external_jwt_public_key_pem;

  std::string bootstrap_api_key;
};

}  // namespace stylist
