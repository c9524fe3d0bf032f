#pragma once
// What the admin service reads and writes: users and their roles, the audit
// log, service API keys. The only code of that service that speaks SQL
// (PgAdminStore), behind an interface so its rules (what a key may be, who
// is recorded as acting, unknown ids) are unit-tested with an in-memory
// fake (tests/unit/fake_admin_store.h). Changes are audited in their own
// transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.h"
#include "db/pool.h"
#include "stylist/v1/user.pb.h"

namespace stylist::user {

class AdminStore {
 public:
  virtual ~AdminStore() = default;

  // Users in creation order after the (time, id) position; `cursor` is the
  // position of each, for the next page.
  struct UserRow {
    v1::UserSummary user;
    std::string cursor_time;
  };
  virtual std::vector<UserRow> ListUsers(const std::optional<std::string>& after_time,
                                         const std::optional<std::string>& after_id, int limit) = 0;
  // Sets the role ("user" or "admin") and records `audit` (role_changed);
  // nullopt when there is no such user.
  virtual std::optional<v1::UserSummary> SetRole(const std::string& user_id, const std::string& role,
                                                 const CallContext& call, const nlohmann::json& audit) = 0;

  // Audit events newest first, before `before` (an event id), filtered.
  virtual std::vector<v1::AuditEvent> ListAudit(const std::optional<long long>& before,
                                                const std::optional<std::string>& user_id,
                                                const std::optional<std::string>& event_type, int limit) = 0;

  struct NewKey {
    std::string name, prefix, secret_hash;
    std::optional<std::string> created_by;  // the admin user, if a user made it
    std::string scopes;                     // "legacy,analysis"
    std::int64_t expires_micros = 0;        // 0: never
    bool own_legacy_users_only = false;
  };
  struct StoredKey {
    std::string api_key_id;
    std::int64_t create_micros = 0;
  };
  // Stores the key and records api_key_created with `audit` (its id added).
  virtual StoredKey InsertKey(const NewKey& key, const CallContext& call, const std::string& actor,
                              nlohmann::json audit) = 0;
  virtual std::vector<v1::ApiKey> ListKeys(const std::optional<std::string>& after_id, int limit) = 0;
  // Revokes an active key and records api_key_revoked; false when there is
  // no such active key.
  virtual bool RevokeKey(const std::string& api_key_id, const CallContext& call, const std::string& actor) = 0;
};

class PgAdminStore final : public AdminStore {
 public:
  explicit PgAdminStore(db::Pool& pool) : pool_(pool) {}

  std::vector<UserRow> ListUsers(const std::optional<std::string>& after_time,
                                 const std::optional<std::string>& after_id, int limit) override;
  std::optional<v1::UserSummary> SetRole(const std::string& user_id, const std::string& role, const CallContext& call,
                                         const nlohmann::json& audit) override;
  std::vector<v1::AuditEvent> ListAudit(const std::optional<long long>& before,
                                        const std::optional<std::string>& user_id,
                                        const std::optional<std::string>& event_type, int limit) override;
  StoredKey InsertKey(const NewKey& key, const CallContext& call, const std::string& actor,
                      nlohmann::json audit) override;
  std::vector<v1::ApiKey> ListKeys(const std::optional<std::string>& after_id, int limit) override;
  bool RevokeKey(const std::string& api_key_id, const CallContext& call, const std::string& actor) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::user
