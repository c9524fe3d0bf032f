// An in-memory user::ProfileStore for the profile service's unit tests:
// accounts in a map, versions that step on every write, and counters of the
// writes so a test can say "nothing was written".
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "common/api_error.h"
#include "common/etag.h"
#include "user/profile_store.h"

namespace stylist::testing {

class FakeProfileStore final : public user::ProfileStore {
 public:
  struct Account {
    v1::Profile profile;
    std::int64_t version = 1;
    std::string password_hash;
    std::vector<std::string> photo_keys;
    std::vector<v1::Session> sessions;  // active ones
    bool unreadable = false;  // its row cannot be decoded
  };

  Account& Add(const std::string& user_id, const std::string& username) {
    std::lock_guard lock(mutex_);
    Account& a = accounts_[user_id];
    a.profile.set_user_id(user_id);
    a.profile.set_username(username);
    a.profile.set_etag(EtagOf(a.version));
    return a;
  }
  Account& account(const std::string& user_id) { return accounts_.at(user_id); }
  bool exists(const std::string& user_id) const { return accounts_.count(user_id) > 0; }

  int reads = 0;    // ReadProfiles statements
  std::vector<std::size_t> batch_sizes;  // ids per ReadProfiles, in order
  // Runs at the start of every ReadProfiles, outside the store's lock (a
  // test can hold a read there while others queue).
  std::function<void()> before_read;
  int writes = 0;   // profile updates stored, deletions, revocations
  std::vector<std::string> audited;  // event types, in order

  std::vector<ProfileRead> ReadProfiles(const std::vector<const std::string*>& user_ids) override {
    if (before_read) before_read();
    std::lock_guard lock(mutex_);
    ++reads;
    batch_sizes.push_back(user_ids.size());
    std::vector<ProfileRead> out;
    for (const std::string* id : user_ids) {
      auto it = accounts_.find(*id);
      if (it == accounts_.end()) out.emplace_back();
      else if (it->second.unreadable) out.push_back({std::nullopt, std::make_exception_ptr(std::runtime_error("bad row"))});
      else out.push_back({it->second.profile, nullptr});
    }
    return out;
  }

  v1::Profile UpdateProfile(const std::string& user_id, const ProfileChange& change) override {
    std::lock_guard lock(mutex_);
    auto it = accounts_.find(user_id);
    if (it == accounts_.end()) throw NotFound("account not found");
    v1::Profile next = change(it->second.profile, it->second.version);  // may throw: nothing written
    for (const auto& [id, other] : accounts_) {
      if (id != user_id && other.profile.username() == next.username()) {
        throw AlreadyExists("profile.username", "this username is taken");
      }
    }
    ++writes;
    it->second.version += 1;
    next.set_etag(EtagOf(it->second.version));
    it->second.profile = next;
    return next;
  }

  std::optional<std::string> PasswordHash(const std::string& user_id) override {
    std::lock_guard lock(mutex_);
    auto it = accounts_.find(user_id);
    if (it == accounts_.end()) return std::nullopt;
    return it->second.password_hash;
  }

  std::vector<std::string> DeleteAccount(const std::string& user_id, const CallContext&) override {
    std::lock_guard lock(mutex_);
    auto it = accounts_.find(user_id);
    if (it == accounts_.end()) return {};
    ++writes;
    audited.push_back("account_deleted");
    std::vector<std::string> keys = it->second.photo_keys;
    accounts_.erase(it);
    return keys;
  }

  std::string ExportAccount(const std::string& user_id, const CallContext&) override {
    std::lock_guard lock(mutex_);
    audited.push_back("data_exported");
    return "{\"user_id\": \"" + user_id + "\"}";
  }

  std::vector<v1::Session> ListSessions(const std::string& user_id) override {
    std::lock_guard lock(mutex_);
    auto it = accounts_.find(user_id);
    return it == accounts_.end() ? std::vector<v1::Session>{} : it->second.sessions;
  }

  bool RevokeSession(const std::string& user_id, const std::string& session_id, const CallContext&) override {
    std::lock_guard lock(mutex_);
    auto it = accounts_.find(user_id);
    if (it == accounts_.end()) return false;
    auto& sessions = it->second.sessions;
    for (auto s = sessions.begin(); s != sessions.end(); ++s) {
      if (s->session_id() == session_id) {
        sessions.erase(s);
        ++writes;
        audited.push_back("session_revoked");
        return true;
      }
    }
    return false;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Account> accounts_;
};

}  // namespace stylist::testing
