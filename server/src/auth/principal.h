#pragma once
// Who is calling, as established by the Authenticator.

#include <string>

namespace stylist {

enum class Access {
  kPublic,  // no credentials needed (register, login, refresh, reset)
  kUser,    // a signed-in user; everything is scoped to them
  kAdmin,   // a user with the admin role, or a service API key
  kAny,     // any signed-in user or service API key; the handler decides
};

struct Principal {
  enum class Kind { kAnonymous, kUser, kService };
  Kind kind = Kind::kAnonymous;
  std::string user_id;     // kUser
  std::string session_id;  // kUser with one of our tokens; empty for external tokens
  bool admin = false;
  bool external = false;   // signed in through the configured external issuer
  std::string api_key_id;  // kService; "bootstrap" for the environment key
};

// Per-call facts every handler and log line needs.
struct CallContext {
  std::string method;
  std::string request_id;
  std::string client_address;
  std::string user_agent;
  Principal principal;
};

}  // namespace stylist
