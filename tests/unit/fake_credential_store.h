// An in-memory auth::CredentialStore for the Authenticator's unit tests:
// sessions, accounts (with the uniqueness of their emails and usernames),
// external identities and API keys in maps, and counters of the lookups so
// a test can tell a cached answer from a fresh one.
#pragma once

#include <map>
#include <mutex>
#include <utility>

#include "auth/credential_store.h"
#include "common/text.h"

namespace stylist::testing {

class FakeCredentialStore final : public auth::CredentialStore {
 public:
  struct Session {
    std::string user_id;
    bool revoked = false;
    bool expired = false;
  };
  struct Account {
    std::string role = "user";
    std::string username;
    std::optional<std::string> email;  // lower case, as email_normalized
  };
  struct Key {
    ApiKey key;
    bool revoked = false;
    int uses = 0;  // accepted lookups (the last use recorded)
  };

  std::map<std::string, Session> sessions;  // by session id
  std::map<std::string, Account> accounts;  // by user id
  std::map<std::pair<std::string, std::string>, std::string> external;  // (issuer, subject) -> user id
  std::map<std::string, Key> keys;  // by prefix (unique, as the table's)
  int session_checks = 0;
  int key_lookups = 0;

  std::optional<std::string> ActiveSessionRole(const std::string& session_id, const std::string& user_id) override {
    std::lock_guard lock(mutex_);
    ++session_checks;
    auto s = sessions.find(session_id);
    if (s == sessions.end() || s->second.user_id != user_id || s->second.revoked || s->second.expired) {
      return std::nullopt;
    }
    auto a = accounts.find(user_id);
    if (a == accounts.end()) return std::nullopt;
    return a->second.role;
  }

  std::optional<CredentialStore::Account> FindOrCreateExternal(const ExternalIdentity& identity) override {
    std::lock_guard lock(mutex_);
    if (auto it = external.find({identity.issuer, identity.subject}); it != external.end()) {
      return CredentialStore::Account{it->second, accounts.at(it->second).role};
    }
    const std::optional<std::string> email =
        identity.email ? std::optional(text::Lower(*identity.email)) : std::nullopt;
    for (const auto& [id, account] : accounts) {
      if ((email && account.email == email) || text::Lower(account.username) == text::Lower(identity.username)) {
        return std::nullopt;
      }
    }
    const std::string id = "00000000-0000-4000-8000-" + std::to_string(next_id_++);
    accounts[id] = {"user", identity.username, email};
    external[{identity.issuer, identity.subject}] = id;
    return CredentialStore::Account{id, "user"};
  }

  std::optional<ApiKey> UseApiKey(const std::string& prefix, const KeyCheck& accept) override {
    std::lock_guard lock(mutex_);
    ++key_lookups;
    auto it = keys.find(prefix);
    if (it == keys.end() || it->second.revoked || !accept(it->second.key)) return std::nullopt;
    ++it->second.uses;
    return it->second.key;
  }

 private:
  std::mutex mutex_;
  long long next_id_ = 100000000000;  // twelve digits, apart from the tests' own ids
};

}  // namespace stylist::testing
