// An in-memory user::AccountStore for the account service's unit tests:
// accounts with unique normalized emails and usernames, sessions, refresh
// and reset tokens by hash, the queued messages and the audit events, with
// the table's rules (a spent token stays spent, a revoked session stays
// revoked, a reset token is used once and not after its expiry).
#pragma once

#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "common/text.h"
#include "user/account_store.h"

namespace stylist::testing {

class FakeAccountStore final : public user::AccountStore {
 public:
  using Clock = std::chrono::system_clock;

  struct Account {
    v1::Profile profile;
    std::string email_normalized, username_normalized;
    std::string password_hash;  // "" for accounts that sign in elsewhere
  };
  struct Session {
    std::string user_id;
    Clock::time_point expires;
    std::string revoke_reason;  // "" while active
    std::string user_agent, client_address;
    bool revoked() const { return !revoke_reason.empty(); }
  };
  struct RefreshToken {
    std::string session_id;
    Clock::time_point expires;
    bool spent = false;
  };
  struct ResetToken {
    std::string user_id;
    Clock::time_point expires;
    bool used = false;
  };
  struct Event {
    std::string type, user_id;
    nlohmann::json details;
  };

  std::map<std::string, Account> accounts;           // by user id
  std::map<std::string, Session> sessions;           // by session id
  std::map<std::string, RefreshToken> refresh_tokens;  // by hash
  std::map<std::string, ResetToken> reset_tokens;    // by hash
  std::vector<user::Notification> outbox;
  std::vector<Event> events;

  // An account with a password hash (or none), as registration would store it.
  Account& Add(const std::string& user_id, const std::string& email, const std::string& username,
               const std::string& password_hash) {
    std::lock_guard lock(mutex_);
    Account& a = accounts[user_id];
    a.profile.set_user_id(user_id);
    a.profile.set_email(email);
    a.profile.set_username(username);
    a.email_normalized = text::Lower(email);
    a.username_normalized = text::Lower(username);
    a.password_hash = password_hash;
    return a;
  }
  std::vector<std::string> EventTypes() const {
    std::vector<std::string> types;
    for (const auto& e : events) types.push_back(e.type);
    return types;
  }
  std::vector<std::string> ActiveSessions(const std::string& user_id) const {
    std::vector<std::string> ids;
    for (const auto& [id, s] : sessions) {
      if (s.user_id == user_id && !s.revoked() && s.expires > Clock::now()) ids.push_back(id);
    }
    return ids;
  }

  Registration Register(const NewAccount& account, const NewRefreshToken& refresh, const CallContext& call) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, other] : accounts) {
      if (other.email_normalized == account.email_normalized) return {std::nullopt, "email"};
    }
    for (const auto& [id, other] : accounts) {
      if (other.username_normalized == account.username_normalized) return {std::nullopt, "username"};
    }
    const std::string id = NewId();
    Account& a = accounts[id];
    a.profile.set_user_id(id);
    a.profile.set_email(account.email);
    a.profile.set_username(account.username);
    a.profile.set_display_name(account.display_name);
    a.profile.set_role(v1::ROLE_USER);
    a.email_normalized = account.email_normalized;
    a.username_normalized = account.username_normalized;
    a.password_hash = account.password_hash;
    StartedSession started{a.profile, StartSession(id, refresh, call)};
    Record("account_registered", id, nlohmann::json::object());
    return {std::move(started), ""};
  }

  std::optional<LoginAccount> FindForLogin(const std::string& login) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, a] : accounts) {
      if (a.email_normalized == login || a.username_normalized == login) return LoginAccount{id, a.password_hash};
    }
    return std::nullopt;
  }

  StartedSession SignIn(const std::string& user_id, const std::optional<std::string>& rehash,
                        const NewRefreshToken& refresh, const CallContext& call) override {
    std::lock_guard lock(mutex_);
    Account& a = accounts.at(user_id);
    if (rehash) a.password_hash = *rehash;
    StartedSession started{a.profile, StartSession(user_id, refresh, call)};
    Record("login_succeeded", user_id, nlohmann::json::object());
    return started;
  }

  std::optional<RefreshTokenState> UseRefreshToken(const std::string& token_hash, const NewRefreshToken& next,
                                                   const CallContext&, const RefreshDecision& decide) override {
    std::lock_guard lock(mutex_);
    auto it = refresh_tokens.find(token_hash);
    if (it == refresh_tokens.end()) return std::nullopt;
    Session& session = sessions.at(it->second.session_id);
    const auto now = Clock::now();
    const RefreshTokenState token{it->second.session_id, session.user_id, it->second.spent, it->second.expires <= now,
                                  session.revoked() || session.expires <= now};
    switch (decide(token)) {
      case RefreshAction::kRotate:
        it->second.spent = true;
        session.expires = next.expires;
        refresh_tokens[next.token_hash] = {token.session_id, next.expires, false};
        break;
      case RefreshAction::kRevokeForReuse:
        if (!session.revoked()) session.revoke_reason = "refresh_token_reuse";
        Record("refresh_token_reused", token.user_id, {{"session_id", token.session_id}});
        break;
      case RefreshAction::kRecordReuse:
        Record("refresh_token_reused", token.user_id, {{"session_id", token.session_id}});
        break;
      case RefreshAction::kRefuse:
        break;
    }
    return token;
  }

  std::vector<std::string> Logout(const std::string& user_id, const std::string& session_id, bool all_sessions,
                                  const CallContext&) override {
    std::lock_guard lock(mutex_);
    std::vector<std::string> revoked;
    if (all_sessions) {
      revoked = RevokeAll(user_id, "logout_all");
    } else if (!session_id.empty()) {
      auto it = sessions.find(session_id);
      if (it != sessions.end() && it->second.user_id == user_id && !it->second.revoked()) {
        it->second.revoke_reason = "logout";
        revoked.push_back(session_id);
      }
    }
    Record("logout", user_id, {{"all_sessions", all_sessions}});
    return revoked;
  }

  PasswordOwner ReadPasswordOwner(const std::string& user_id) override {
    std::lock_guard lock(mutex_);
    const Account& a = accounts.at(user_id);
    return {a.profile, a.password_hash};
  }

  PasswordChange ChangePassword(const std::string& user_id, const std::string& password_hash,
                                const NewRefreshToken& refresh, const CallContext& call) override {
    std::lock_guard lock(mutex_);
    PasswordChange change;
    accounts.at(user_id).password_hash = password_hash;
    change.revoked_sessions = RevokeAll(user_id, "password_changed");
    SpendResetTokens(user_id);
    change.session_id = StartSession(user_id, refresh, call);
    Record("password_changed", user_id, {{"sessions_revoked", change.revoked_sessions.size()}});
    return change;
  }

  bool RequestPasswordReset(const std::string& email_normalized, const NewResetToken& token,
                            user::Notification message, const CallContext&) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, a] : accounts) {
      if (a.email_normalized != email_normalized || a.password_hash.empty()) continue;
      reset_tokens[token.token_hash] = {id, token.expires, false};
      message.user_id = id;
      message.recipient = a.profile.email();
      outbox.push_back(std::move(message));
      Record("password_reset_requested", id, nlohmann::json::object());
      return true;
    }
    return false;
  }

  std::optional<std::vector<std::string>> ResetPassword(const std::string& token_hash,
                                                        const std::string& password_hash, const CallContext&,
                                                        const ResetCheck& check) override {
    std::lock_guard lock(mutex_);
    auto it = reset_tokens.find(token_hash);
    if (it == reset_tokens.end() || it->second.used || it->second.expires <= Clock::now()) return std::nullopt;
    const std::string user_id = it->second.user_id;
    Account& a = accounts.at(user_id);
    check(a.profile);  // may throw: nothing written, the token still unused
    it->second.used = true;
    a.password_hash = password_hash;
    SpendResetTokens(user_id);
    std::vector<std::string> revoked = RevokeAll(user_id, "password_reset");
    Record("password_reset", user_id, {{"sessions_revoked", revoked.size()}});
    return revoked;
  }

  void RecordEvent(const std::string& event_type, const std::string& user_id, const CallContext&,
                   const nlohmann::json& details) override {
    std::lock_guard lock(mutex_);
    Record(event_type, user_id, details);
  }

 private:
  std::string NewId() { return "00000000-0000-4000-8000-" + std::to_string(next_id_++); }

  std::string StartSession(const std::string& user_id, const NewRefreshToken& refresh, const CallContext& call) {
    const std::string id = NewId();
    sessions[id] = {user_id, refresh.expires, "", call.user_agent, call.client_address};
    refresh_tokens[refresh.token_hash] = {id, refresh.expires, false};
    return id;
  }
  std::vector<std::string> RevokeAll(const std::string& user_id, const std::string& reason) {
    std::vector<std::string> revoked;
    for (auto& [id, s] : sessions) {
      if (s.user_id == user_id && !s.revoked()) {
        s.revoke_reason = reason;
        revoked.push_back(id);
      }
    }
    return revoked;
  }
  void SpendResetTokens(const std::string& user_id) {
    for (auto& [hash, t] : reset_tokens) {
      if (t.user_id == user_id) t.used = true;
    }
  }
  void Record(const std::string& type, const std::string& user_id, nlohmann::json details) {
    events.push_back({type, user_id, std::move(details)});
  }

  std::mutex mutex_;
  long long next_id_ = 100000000000;  // twelve digits, apart from the tests' own ids
};

}  // namespace stylist::testing
