// An in-memory user::AdminStore for the admin service's unit tests: users
// with roles (in creation order: the order they were added to `roles`' ids
// sorted, each a second apart), keys, and the audit records the service
// asked for, numbered in order.
#pragma once

#include <cstdio>
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

  // Users in creation order (one per second from 2026-01-01, by id) after
  // the position, as the SQL pages them.
  std::vector<UserRow> ListUsers(const std::optional<std::string>& after_time,
                                 const std::optional<std::string>& after_id, int limit) override {
    std::lock_guard lock(mutex_);
    std::vector<UserRow> out;
    int second = 0;
    for (const auto& [id, role] : roles) {
      UserRow row;
      char time[32];
      std::snprintf(time, sizeof time, "2026-01-01 00:00:%02d+00", second++);
      row.cursor_time = time;
      row.user.set_user_id(id);
      row.user.set_role(role == "admin" ? v1::ROLE_ADMIN : v1::ROLE_USER);
      if (after_time && std::make_pair(row.cursor_time, id) <= std::make_pair(*after_time, after_id.value_or(""))) {
        continue;
      }
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(std::move(row));
    }
    return out;
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
  // The recorded events newest first (event ids count from 1), before the
  // position, of the user (details' "user_id") and type asked for.
  std::vector<v1::AuditEvent> ListAudit(const std::optional<long long>& before, const std::optional<std::string>& user_id,
                                        const std::optional<std::string>& event_type, int limit) override {
    std::lock_guard lock(mutex_);
    std::vector<v1::AuditEvent> out;
    for (long long id = static_cast<long long>(audited.size()); id >= 1; --id) {
      const auto& [type, details] = audited[static_cast<std::size_t>(id - 1)];
      const std::string user = details.value("user_id", "");
      if ((before && id >= *before) || (event_type && type != *event_type) || (user_id && user != *user_id)) continue;
      if (static_cast<int>(out.size()) == limit) break;
      auto& e = out.emplace_back();
      e.set_audit_event_id(std::to_string(id));
      e.set_event_type(type);
      e.set_user_id(user);
    }
    return out;
  }
  StoredKey InsertKey(const NewKey& key, const CallContext&, const std::string&, nlohmann::json audit) override {
    std::lock_guard lock(mutex_);
    const std::string id = "00000000-0000-4000-8000-00000000" + std::to_string(1000 + keys.size());
    keys[id] = {key, false};
    audit["api_key_id"] = id;
    audited.emplace_back("api_key_created", audit);
    return {id, 1700000000000000};
  }
  // Keys by id after the position.
  std::vector<v1::ApiKey> ListKeys(const std::optional<std::string>& after_id, int limit) override {
    std::lock_guard lock(mutex_);
    std::vector<v1::ApiKey> out;
    for (auto it = after_id ? keys.upper_bound(*after_id) : keys.begin(); it != keys.end(); ++it) {
      if (static_cast<int>(out.size()) == limit) break;
      auto& k = out.emplace_back();
      k.set_api_key_id(it->first);
      k.set_name(it->second.key.name);
      k.set_prefix("sk_" + it->second.key.prefix);
      if (it->second.revoked) k.mutable_revoke_time()->set_seconds(1700000000);
    }
    return out;
  }
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
