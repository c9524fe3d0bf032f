#pragma once
// Who is calling, as established by the Authenticator.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace stylist {

enum class Access {
  kPublic,    // no credentials needed (register, login, refresh, reset)
  kUser,      // a signed-in user; everything is scoped to them
  kAdmin,     // a user with the admin role, or an API key with the admin scope
  kLegacy,    // a signed-in user, or an API key with the legacy scope; the handler decides whom it acts for
  kAnalysis,  // a signed-in user, or an API key with the analysis scope
  // The configured Supabase project's database webhooks: the shared secret
  // (x-webhook-secret) and nothing else.
  kDatabaseWebhook,
};

// The scopes of service API keys, as stored ("admin", "legacy",
// "analysis"). The admin scope includes the others.
inline constexpr std::string_view kScopeAdmin = "admin";
inline constexpr std::string_view kScopeLegacy = "legacy";
inline constexpr std::string_view kScopeAnalysis = "analysis";

struct Principal {
  enum class Kind { kAnonymous, kUser, kService };
  Kind kind = Kind::kAnonymous;
  std::string user_id;     // kUser
  std::string session_id;  // kUser with one of our tokens; empty for external tokens
  bool admin = false;      // a user with the admin role, or a key with the admin scope
  bool external = false;   // signed in through the configured external issuer
  std::string api_key_id;  // kService; "bootstrap" for the environment key
  std::vector<std::string> scopes;  // kService
  bool own_legacy_users_only = false;  // kService: acts only for the legacy users it created

  bool HasScope(std::string_view scope) const {
    return std::find(scopes.begin(), scopes.end(), kScopeAdmin) != scopes.end() ||
           std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
  }
};

// Per-call facts every handler and log line needs.
struct CallContext {
  std::string method;
  std::string request_id;
  // The W3C trace the call belongs to (32 lowercase hex digits): from the
  // traceparent the edge sends, or new when there is none or it is not
  // valid. Every log line of the call carries it.
  std::string trace_id;
  std::string client_address;
  std::string user_agent;
  // Conditions a REST client sent as headers (the edge passes them as
  // metadata): If-Match for a conditional write, Idempotency-Key for a
  // create that may be retried. The request's own fields win.
  std::string if_match;
  std::string idempotency_key;
  Principal principal;
};

}  // namespace stylist
