// An in-memory user::AdminStore for the admin service's unit tests: users
// with roles, keys, and the audit records the service asked for.
#pragma once

#include <map>
#include <mutex>

#include "user/admin_store.h"

namespace stylist::testing {

class FakeAdminStore final : public user::AdminStore {
 public:
  struct Key {
    NewKey key;
    bool revoked = false;
  };
  std::map<std::string, std::string> roles;  // user id -> "user" / "admin"
  std::map<std::string, Key> keys;           // by id
  std::vector<std::pair<std::string, nlohmann::json>> audited;  // event type, details

  std::vector<UserRow> ListUsers(const std::optional<std::string>&, const std::optional<std::string>&,
                                 int) override {
    return {};
  }
  std::optional<v1::UserSummary> SetRole(const std::string& user_id, const std::string& role, const CallContext&,
                                         const nlohmann::json& audit) override {
    std::lock_guard lock(mutex_);
    auto it = roles.find(user_id);
    if (it == roles.end()) return std::nullopt;
    it->second = role;
    audited.emplace_back("role_changed", audit);
    v1::UserSummary u;
    u.set_user_id(user_id);
    u.set_role(role == "admin" ? v1::ROLE_ADMIN : v1::ROLE_USER);
    return u;
  }
  std::vector<v1::AuditEvent> ListAudit(const std::optional<long long>&, const std::optional<std::string>&,
                                        const std::optional<std::string>&, int) override {
    return {};
  }
  StoredKey InsertKey(const NewKey& key, const CallContext&, const std::string&, nlohmann::json audit) override {
    std::lock_guard lock(mutex_);
    const std::string id = "00000000-0000-4000-8000-00000000" + std::to_string(1000 + keys.size());
    keys[id] = {key, false};
    audit["api_key_id"] = id;
    audited.emplace_back("api_key_created", audit);
    return {id, 1700000000000000};
  }
  std::vector<v1::ApiKey> ListKeys(const std::optional<std::string>&, int) override { return {}; }
  bool RevokeKey(const std::string& api_key_id, const CallContext&, const std::string&) override {
    std::lock_guard lock(mutex_);
    auto it = keys.find(api_key_id);
    if (it == keys.end() || it->second.revoked) return false;
    it->second.revoked = true;
    audited.emplace_back("api_key_revoked", nlohmann::json{{"api_key_id", api_key_id}});
    return true;
  }

 private:
  std::mutex mutex_;
};

}  // namespace stylist::testing
