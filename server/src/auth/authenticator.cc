#include "auth/authenticator.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "common/crypto.h"
#include "auth/token_issuer.h"
#include "common/api_error.h"
#include "common/ids.h"
#include "common/logging.h"

namespace stylist {
namespace {

using Clock = std::chrono::steady_clock;
// How long a positive session or key check is reused on this replica.
// Revocations made here take effect at once (Forget*); revocations made on
// another replica take effect within this window.
constexpr auto kCacheTtl = std::chrono::seconds(5);

constexpr std::size_t kCacheMax = 100000;
// The api_key_id of the database webhook's caller (its AI budget's key).
constexpr std::string_view kWebhookCaller = "database-webhook";

jwt::VerifyOptions LocalOptions(const AuthOptions& c) {
  jwt::VerifyOptions o;
  o.algorithm = jwt::Algorithm::kHs256;
  o.hmac_secret = c.jwt_secret;
  o.issuer = c.jwt_issuer;
  o.audience = c.jwt_audience;
  return o;
}

}  // namespace

// Throws std::invalid_argument for an unusable key or algorithm.
std::vector<std::unique_ptr<Authenticator::External>> Authenticator::ExternalVerifiers(const AuthOptions& c) {
  std::vector<std::unique_ptr<External>> out;
  for (const ExternalIssuer& e : c.external_issuers) {
    auto external = std::make_unique<External>();
    external->issuer = e.issuer;
    jwt::VerifyOptions o;
    o.issuer = e.issuer;
    o.audience = e.audience;
    o.require_jti = false;  // Supabase and Firebase do not set jti
    o.algorithm = jwt::ParseAlgorithm(e.algorithm);
    if (o.algorithm == jwt::Algorithm::kHs256) {
      o.hmac_secret = e.hs256_secret;
    } else if (!e.public_key_pem.empty()) {
      o.public_key_pem = e.public_key_pem;
    } else {
      external->jwks = std::make_unique<auth::JwksCache>(
          e.jwks_url.empty() ? auth::JwksFromFile(e.jwks_file) : auth::JwksFromUrl(e.jwks_url),
          auth::JwksCacheOptions{.algorithm = o.algorithm, .min_refresh = e.jwks_min_refresh,
                                 .max_age = std::chrono::hours(1)});
      o.key_for_kid = external->jwks->AsKeyForKid();
    }
    external->verifier = std::make_unique<jwt::Verifier>(std::move(o));
    out.push_back(std::move(external));
  }
  return out;
}

Authenticator::Authenticator(const AuthOptions& config, auth::CredentialStore& credentials)
    : credentials_(credentials),
      local_issuer_(config.jwt_issuer),
      local_(LocalOptions(config)),
      externals_(ExternalVerifiers(config)) {
  if (!config.bootstrap_api_key.empty()) bootstrap_key_hash_ = crypto::Sha256(config.bootstrap_api_key);
  if (!config.database_webhook_secret.empty()) webhook_secret_hash_ = crypto::Sha256(config.database_webhook_secret);
}

std::string Authenticator::NewApiKey(std::string* prefix) {
  *prefix = crypto::ToHex(crypto::RandomBytes(6));
  return "sk_" + *prefix + "_" + crypto::RandomToken(32);
}

Principal Authenticator::Authenticate(const Credentials& credentials, Access access) {
  Principal p;
  if (access == Access::kDatabaseWebhook && credentials.webhook_secret) {
    p = FromWebhookSecret(*credentials.webhook_secret);
  } else if (credentials.api_key && !credentials.api_key->empty()) {
    p = FromApiKey(*credentials.api_key);
  } else if (credentials.authorization) {
    const std::string& header = *credentials.authorization;
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
      throw Unauthenticated("authorization header must be 'Bearer <token>'");
    }
    const std::string token = header.substr(kBearer.size());
    p = token.rfind("sk_", 0) == 0 ? FromApiKey(token) : FromJwt(token);
  } else if (access == Access::kDatabaseWebhook) {
    throw Unauthenticated("missing credentials: send the webhook secret in x-webhook-secret");
  } else if (access != Access::kPublic) {
    throw Unauthenticated("missing credentials: send 'authorization: Bearer <access token>'");
  }
  Authorize(p, access);
  return p;
}

void Authenticator::Authorize(const Principal& p, Access access) const {
  switch (access) {
    case Access::kPublic:
      return;
    case Access::kUser:
      if (p.kind == Principal::Kind::kUser) return;
      throw PermissionDenied("this call acts for a signed-in user; service keys cannot make it");
    case Access::kAdmin:
      if (p.admin) return;
      throw PermissionDenied(p.kind == Principal::Kind::kService ? "this call needs an API key with the admin scope"
                                                                 : "this call needs the admin role");
    case Access::kLegacy:
    case Access::kAnalysis: {
      if (p.kind == Principal::Kind::kUser) return;
      if (p.kind == Principal::Kind::kAnonymous) {
        throw Unauthenticated("missing credentials: send 'authorization: Bearer <token>' or 'x-api-key'");
      }
      const std::string_view scope = access == Access::kLegacy ? kScopeLegacy : kScopeAnalysis;
      if (p.HasScope(scope)) return;
      throw PermissionDenied("this call needs an API key with the " + std::string(scope) + " scope");
    }
    case Access::kDatabaseWebhook:
      // Only the secret: no user and no API key (an admin's included) may
      // speak for the project's users.
      if (p.kind == Principal::Kind::kService && p.api_key_id == kWebhookCaller) return;
      throw PermissionDenied("this call is the database webhook's: send its secret in x-webhook-secret");
  }
}

Principal Authenticator::FromWebhookSecret(const std::string& secret) {
  if (webhook_secret_hash_.empty()) {
    throw Unauthenticated("database webhooks are off here (no STYLIST_SUPABASE_WEBHOOK_SECRET)");
  }
  // Hashes of equal length, compared in constant time: the comparison
  // tells nothing of the secret's length or of a matching prefix.
  if (secret.size() > 1024 || !crypto::Equal(crypto::Sha256(secret), webhook_secret_hash_)) {
    throw Unauthenticated("wrong webhook secret");
  }
  Principal p;
  p.kind = Principal::Kind::kService;
  p.api_key_id = std::string(kWebhookCaller);
  return p;
}

Principal Authenticator::FromJwt(const std::string& token) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  if (!KnownLocalToken(token, &p)) {
    if (!externals_.empty()) {
      const std::string issuer = jwt::UnverifiedIssuer(token);
      for (const auto& external : externals_) {
        if (external->issuer == issuer) return FromExternalJwt(*external, token);
      }
    }
    VerifyLocalToken(token, &p);
  }
  const auto now = Clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(p.session_id);
    if (it != sessions_.end() && it->second.user_id == p.user_id && now - it->second.checked < kCacheTtl) {
      p.admin = it->second.admin;
      return p;
    }
  }
  const auto role = credentials_.ActiveSessionRole(p.session_id, p.user_id);
  if (!role) throw Unauthenticated("session expired or revoked; sign in again");
  p.admin = *role == "admin";
  std::lock_guard lock(mutex_);
  if (sessions_.size() > kCacheMax) sessions_.clear();
  sessions_[p.session_id] = {p.user_id, p.admin, now};
  return p;
}

bool Authenticator::KnownLocalToken(const std::string& token, Principal* p) {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || std::chrono::system_clock::now() >= it->second.expires) return false;
  p->user_id = it->second.user_id;
  p->session_id = it->second.session_id;
  return true;
}

namespace {

// Why a token was refused is for the server's log, not for the caller: the
// reasons ("bad signature", "expired", "alg not allowed") tell an attacker
// which of their forgeries came closest.
ApiError RefusedToken(const std::string& reason) {
  log::Info("access token refused", {{"reason", reason}});
  return Unauthenticated("invalid or expired token; sign in again");
}

}  // namespace

void Authenticator::VerifyLocalToken(const std::string& token, Principal* p) {
  std::string reason;
  auto verified = local_.Verify(token, &reason);
  if (!verified) throw RefusedToken(reason);
  const auto& claims = verified->claims;
  if (!claims.contains("sid") || !claims["sid"].is_string()) throw RefusedToken("missing sid");
  p->user_id = verified->subject;
  p->session_id = claims["sid"].get<std::string>();
  if (!IsUuid(p->user_id) || !IsUuid(p->session_id)) throw RefusedToken("malformed subject");
  // Verify() has checked that exp is a number not yet past (give or take
  // its leeway); the entry lasts until exp itself, after which the token is
  // verified afresh.
  const auto expires = std::chrono::system_clock::time_point(
      std::chrono::seconds(static_cast<std::int64_t>(claims["exp"].get<double>())));
  std::lock_guard lock(mutex_);
  if (tokens_.size() > kCacheMax) tokens_.clear();
  tokens_[token] = {p->user_id, p->session_id, expires};
}

Principal Authenticator::FromExternalJwt(const External& external, const std::string& token) {
  std::string reason;
  auto verified = external.verifier->Verify(token, &reason);
  if (!verified) throw RefusedToken(reason);
  const std::string& sub = verified->subject;
  if (sub.size() > 255) throw RefusedToken("sub too long");
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.external = true;
  std::optional<std::string> email;
  if (verified->claims.contains("email") && verified->claims["email"].is_string()) {
    email = verified->claims["email"].get<std::string>();
    if (email->empty() || email->size() > 254) email.reset();
  }
  std::tie(p.user_id, p.admin) = ExternalUser(external.issuer, sub, email);
  return p;
}

std::string Authenticator::ExternalAccount(const std::string& issuer, const std::string& subject) {
  const bool trusted = std::any_of(externals_.begin(), externals_.end(),
                                   [&](const auto& external) { return external->issuer == issuer; });
  if (!trusted) throw NotFound("no trusted identity provider has the issuer " + issuer);
  return ExternalUser(issuer, subject, std::nullopt).first;
}

std::pair<std::string, bool> Authenticator::ExternalUser(const std::string& issuer, const std::string& sub,
                                                         const std::optional<std::string>& email) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = external_users_.find(issuer + "\n" + sub); it != external_users_.end()) return it->second;
  }
  // Usernames of external accounts are derived, stable and collision-free.
  const std::string username = "ext_" + crypto::ToHex(crypto::Sha256(issuer + "\n" + sub)).substr(0, 20);
  // The address may already belong to a local account. Never merge the two
  // on an unverified claim: create the external account without it.
  auto account = credentials_.FindOrCreateExternal({issuer, sub, username, email});
  if (!account && email) account = credentials_.FindOrCreateExternal({issuer, sub, username, std::nullopt});
  if (!account) throw std::runtime_error("external account: username " + username + " is another account's");
  const std::pair<std::string, bool> user{account->user_id, account->role == "admin"};
  std::lock_guard lock(mutex_);
  if (external_users_.size() > kCacheMax) external_users_.clear();
  external_users_[issuer + "\n" + sub] = user;
  return user;
}

Principal Authenticator::FromApiKey(const std::string& key) {
  if (key.size() > 256) throw Unauthenticated("invalid API key");
  const std::string hash = crypto::Sha256(key);
  Principal p;
  p.kind = Principal::Kind::kService;
  if (!bootstrap_key_hash_.empty() && crypto::Equal(hash, bootstrap_key_hash_)) {
    p.api_key_id = "bootstrap";
    p.scopes = {std::string(kScopeAdmin)};
    p.admin = true;
    return p;
  }
  const auto now = Clock::now();
  const auto wall_now = std::chrono::system_clock::now();
  const auto grant = [&](const std::string& id, const std::vector<std::string>& scopes, bool own_users_only) {
    p.api_key_id = id;
    p.scopes = scopes;
    p.admin = p.HasScope(kScopeAdmin);
    p.own_legacy_users_only = own_users_only;
    return p;
  };
  {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(hash);
    if (it != keys_.end() && now - it->second.checked < kCacheTtl) {
      if (it->second.expires && wall_now >= *it->second.expires) throw Unauthenticated("invalid API key");
      return grant(it->second.api_key_id, it->second.scopes, it->second.own_legacy_users_only);
    }
  }
  // sk_<12 hex>_<secret>
  if (key.size() < 17 || key.rfind("sk_", 0) != 0 || key[15] != '_') throw Unauthenticated("invalid API key");
  const std::string prefix = key.substr(3, 12);
  const auto stored = credentials_.UseApiKey(prefix, [&](const auth::CredentialStore::ApiKey& found) {
    if (!crypto::Equal(found.key_hash_hex, crypto::ToHex(hash))) return false;
    return !found.expires || wall_now < *found.expires;  // expired: as good as unknown
  });
  if (!stored) throw Unauthenticated("invalid API key");
  grant(stored->api_key_id, stored->scopes, stored->own_legacy_users_only);
  std::lock_guard lock(mutex_);
  if (keys_.size() > kCacheMax) keys_.clear();
  keys_[hash] = {stored->api_key_id, stored->scopes, stored->expires, now, stored->own_legacy_users_only};
  return p;
}

void Authenticator::ForgetSession(const std::string& session_id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session_id);
}

void Authenticator::ForgetAllSessions() {
  std::lock_guard lock(mutex_);
  sessions_.clear();
  keys_.clear();
  external_users_.clear();
}

}  // namespace stylist
