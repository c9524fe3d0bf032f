#pragma once
// The one authentication check for every service. From the call's
// credentials it establishes a Principal or throws UNAUTHENTICATED /
// PERMISSION_DENIED:
//   authorization: Bearer <our access JWT>      -> user (session must be live)
//   authorization: Bearer <external issuer JWT> -> user, created on first sight
//   authorization: Bearer sk_...  or  x-api-key -> service (API key)

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>
#include <unordered_map>

#include "auth/jwks.h"
#include "auth/jwt.h"
#include "auth/principal.h"
#include "auth/auth_options.h"
#include "auth/credential_store.h"

namespace stylist {

struct Credentials {
  std::optional<std::string> authorization;  // the raw header value
  std::optional<std::string> api_key;        // x-api-key
  std::optional<std::string> webhook_secret;  // x-webhook-secret
};

class Authenticator {
 public:
  // Sessions, external accounts and API keys are `credentials`'s rows.
  Authenticator(const AuthOptions& config, auth::CredentialStore& credentials);

  Principal Authenticate(const Credentials& credentials, Access access);

  // Forget cached state of a session or user at once (logout, revocation,
  // role change) so this replica enforces it without waiting for the cache.
  void ForgetSession(const std::string& session_id);
  void ForgetAllSessions();

  // The account of `subject` at the trusted external issuer `issuer`,
  // created on first sight exactly as a first sign-in with its token would
  // (for what the issuer's own project vouches for otherwise: its database
  // webhooks); its user id. Throws NOT_FOUND when no configured issuer
  // has that iss.
  std::string ExternalAccount(const std::string& issuer, const std::string& subject);

  // "sk_" + 12 hex prefix + "_" + secret; the prefix finds the stored hash.
  static std::string NewApiKey(std::string* prefix);

 private:
  Principal FromJwt(const std::string& token);
  struct External;
  static std::vector<std::unique_ptr<External>> ExternalVerifiers(const AuthOptions& config);
  Principal FromExternalJwt(const External& external, const std::string& token);
  // The (user id, admin) of the identity, cached; created on first sight.
  std::pair<std::string, bool> ExternalUser(const std::string& issuer, const std::string& subject,
                                            const std::optional<std::string>& email);
  Principal FromWebhookSecret(const std::string& secret);
  // Our own access tokens: a token verified once (signature, claims) is
  // remembered until it expires, so later calls skip the base64, JSON and
  // HMAC work (about a tenth of a simple call's CPU). The session is still
  // checked on every call, through its own cache.
  bool KnownLocalToken(const std::string& token, Principal* p);
  void VerifyLocalToken(const std::string& token, Principal* p);
  Principal FromApiKey(const std::string& key);
  void Authorize(const Principal& p, Access access) const;

  struct CachedSession {
    std::string user_id;
    bool admin;
    std::chrono::steady_clock::time_point checked;
  };
  struct CachedToken {
    std::string user_id;
    std::string session_id;
    std::chrono::system_clock::time_point expires;
  };
  struct CachedKey {
    std::string api_key_id;
    std::vector<std::string> scopes;
    std::optional<std::chrono::system_clock::time_point> expires;
    std::chrono::steady_clock::time_point checked;
    bool own_legacy_users_only = false;
  };

  auth::CredentialStore& credentials_;
  std::string local_issuer_;
  jwt::Verifier local_;
  struct External {
    std::string issuer;
    std::unique_ptr<auth::JwksCache> jwks;  // before the verifier, which uses it
    std::unique_ptr<jwt::Verifier> verifier;
  };
  std::vector<std::unique_ptr<External>> externals_;
  std::string bootstrap_key_hash_;
  std::string webhook_secret_hash_;

  std::mutex mutex_;
  std::unordered_map<std::string, CachedSession> sessions_;
  std::unordered_map<std::string, CachedKey> keys_;  // by key hash
  std::unordered_map<std::string, CachedToken> tokens_;  // verified local access tokens
  std::unordered_map<std::string, std::pair<std::string, bool>> external_users_;  // iss \n sub -> (id, admin)
};

}  // namespace stylist
