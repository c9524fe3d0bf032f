#pragma once
// What the auth module takes from the configuration (config/config.h fills
// these from settings): token signing and lifetimes, the trusted external
// issuer, the bootstrap key, and the per-address and per-account limits.

#include <chrono>
#include <string>
#include <vector>

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

// A trusted external identity provider (Supabase Auth, Firebase, any OIDC
// issuer): its tokens sign users in. The algorithm is pinned; the key is a
// shared secret (HS256), one public key, or a key set (JWKS) by file or URL.
struct ExternalIssuer {
  std::string issuer;               // iss, exactly
  std::string audience;             // required in aud
  std::string algorithm = "HS256";  // HS256, RS256 or ES256
  std::string hs256_secret;
  std::string public_key_pem;
  std::string jwks_file;
  std::string jwks_url;
  // Least time between two fetches of the key set (an unknown kid fetches).
  std::chrono::milliseconds jwks_min_refresh{30000};
};

struct AuthOptions {
  std::string jwt_secret;
  std::string jwt_issuer = "stylist";
  std::string jwt_audience = "stylist";
  std::chrono::seconds access_token_ttl{15 * 60};
  std::chrono::seconds refresh_token_ttl{30 * 24 * 3600};
  std::chrono::seconds reset_token_ttl{30 * 60};

  // Trusted external issuers, each a different iss (config/config.cc
  // builds them from the STYLIST_SUPABASE_* and STYLIST_EXTERNAL_JWT_*
  // settings).
  std::vector<ExternalIssuer> external_issuers;

  std::string bootstrap_api_key;
  // The shared secret the Supabase project's database webhooks send
  // (x-webhook-secret); empty: the webhook is off.
  std::string database_webhook_secret;
};

}  // namespace stylist
