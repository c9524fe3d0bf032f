#pragma once
// What the Authenticator reads and writes to establish who is calling:
// sessions, accounts of an external issuer, service API keys. The only code
// of authentication that speaks SQL (PgCredentialStore), behind an interface
// so the Authenticator's rules (a revoked or expired session refused, the
// key's secret compared in constant time, expired keys refused, external
// identities mapped to accounts) are unit-tested with an in-memory fake
// (tests/unit/fake_credential_store.h).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"

namespace stylist::auth {

class CredentialStore {
 public:
  virtual ~CredentialStore() = default;

  // The role ("user" or "admin") of the session's user when the session is
  // the user's, not revoked and not expired; nullopt otherwise.
  virtual std::optional<std::string> ActiveSessionRole(const std::string& session_id,
                                                       const std::string& user_id) = 0;

  struct ExternalIdentity {
    std::string issuer, subject;
    std::string username;              // derived, stable
    std::optional<std::string> email;  // as the issuer claims it
  };
  struct Account {
    std::string user_id, role;
  };
  // The account of this identity, created on first sight; nullopt (nothing
  // written) when a new account would take an email or username another
  // account holds.
  virtual std::optional<Account> FindOrCreateExternal(const ExternalIdentity& identity) = 0;

  struct ApiKey {
    std::string api_key_id;
    std::string key_hash_hex;  // hex SHA-256 of the whole key
    std::vector<std::string> scopes;
    std::optional<std::chrono::system_clock::time_point> expires;  // nullopt: never
    bool own_legacy_users_only = false;
  };
  // The unrevoked key with this prefix, as `accept` judges it: an accepted
  // key is recorded as used (in the same transaction) and returned; nullopt
  // when there is none or it was not accepted (nothing written).
  using KeyCheck = std::function<bool(const ApiKey& key)>;
  virtual std::optional<ApiKey> UseApiKey(const std::string& prefix, const KeyCheck& accept) = 0;
};

class PgCredentialStore final : public CredentialStore {
 public:
  explicit PgCredentialStore(db::Pool& pool) : pool_(pool) {}

  std::optional<std::string> ActiveSessionRole(const std::string& session_id, const std::string& user_id) override;
  std::optional<Account> FindOrCreateExternal(const ExternalIdentity& identity) override;
  std::optional<ApiKey> UseApiKey(const std::string& prefix, const KeyCheck& accept) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::auth
