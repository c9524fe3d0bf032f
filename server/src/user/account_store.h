#pragma once
// What sign-up, sign-in and credential changes read and write: accounts,
// sessions and their refresh tokens, password reset tokens, the reset
// message's outbox row, and the audit rows of each change. The only code of
// the account service that speaks SQL (PgAccountStore), behind an interface
// so the service's rules (who may sign in, refresh token rotation and reuse,
// what a password change or reset revokes) are unit-tested with an
// in-memory fake (tests/unit/fake_account_store.h). Every operation is one
// transaction; tokens are minted by the service and stored only hashed.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.h"
#include "db/pool.h"
#include "stylist/v1/user.pb.h"
#include "user/notifier.h"

namespace stylist::user {

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // A session's next refresh token: its hash, and when it (and the session
  // it starts or extends) expires.
  struct NewRefreshToken {
    std::string token_hash;
    std::chrono::system_clock::time_point expires;
  };
  // A signed-in account's profile and its new session.
  struct StartedSession {
    v1::Profile profile;
    std::string session_id;
  };

  struct NewAccount {
    std::string email, email_normalized;
    std::string username, username_normalized;
    std::string display_name;
    std::string password_hash;
  };
  // The account with its first session (account_registered recorded), or
  // which identifier ("email" or "username") another account holds, when
  // nothing was written.
  struct Registration {
    std::optional<StartedSession> started;
    std::string taken;
  };
  virtual Registration Register(const NewAccount& account, const NewRefreshToken& refresh,
                                const CallContext& call) = 0;

  // The account a login (a normalized email or username) names, and its
  // password hash ("" for accounts that sign in elsewhere).
  struct LoginAccount {
    std::string user_id, password_hash;
  };
  virtual std::optional<LoginAccount> FindForLogin(const std::string& login) = 0;
  // A new session of a signed-in account (login_succeeded recorded), its
  // password hash replaced by `rehash` when given.
  virtual StartedSession SignIn(const std::string& user_id, const std::optional<std::string>& rehash,
                                const NewRefreshToken& refresh, const CallContext& call) = 0;

  // A refresh token as stored, with its session.
  struct RefreshTokenState {
    std::string session_id, user_id;
    bool spent = false;          // presented before
    bool expired = false;        // the token's own expiry
    bool session_ended = false;  // the session is revoked or expired
  };
  enum class RefreshAction {
    kRotate,             // spend it, extend its session until the next token's expiry, store the next token
    kRevokeForReuse,     // revoke its session (refresh_token_reuse) and record refresh_token_reused
    kRecordReuse,        // record refresh_token_reused only
    kRefuse,             // write nothing
  };
  // Finds the refresh token by hash and locks it until the end, so two
  // concurrent refreshes cannot both spend it; `decide` says what to do.
  // nullopt when no token has this hash (nothing written).
  using RefreshDecision = std::function<RefreshAction(const RefreshTokenState& token)>;
  virtual std::optional<RefreshTokenState> UseRefreshToken(const std::string& token_hash,
                                                           const NewRefreshToken& next, const CallContext& call,
                                                           const RefreshDecision& decide) = 0;

  // Revokes the user's active sessions (all of them, or `session_id` only;
  // none when that is empty) and records logout. Returns the revoked ids.
  virtual std::vector<std::string> Logout(const std::string& user_id, const std::string& session_id,
                                          bool all_sessions, const CallContext& call) = 0;

  // The profile (for the password rules) and the password hash ("" for
  // accounts that sign in elsewhere) of a signed-in user.
  struct PasswordOwner {
    v1::Profile profile;
    std::string password_hash;
  };
  virtual PasswordOwner ReadPasswordOwner(const std::string& user_id) = 0;
  // Replaces the password: revokes every session of the user, spends their
  // unused reset tokens, starts a new session and records password_changed.
  struct PasswordChange {
    std::string session_id;
    std::vector<std::string> revoked_sessions;
  };
  virtual PasswordChange ChangePassword(const std::string& user_id, const std::string& password_hash,
                                        const NewRefreshToken& refresh, const CallContext& call) = 0;

  struct NewResetToken {
    std::string token_hash;
    std::chrono::system_clock::time_point expires;
  };
  // When an account with a password has this (normalized) email: stores the
  // reset token, queues `message` (its user and recipient filled in from the
  // account) and records password_reset_requested. false, with nothing
  // written, when there is no such account.
  virtual bool RequestPasswordReset(const std::string& email_normalized, const NewResetToken& token,
                                    Notification message, const CallContext& call) = 0;

  // Spends the reset token if it is unused and unexpired; `check` judges the
  // new password against its account's profile (it throws to refuse: then
  // nothing is written and the token stays usable). Then sets the password,
  // spends the account's other reset tokens, revokes every session and
  // records password_reset. Returns the revoked session ids; nullopt when
  // the token is unknown, used or expired (nothing written).
  using ResetCheck = std::function<void(const v1::Profile& profile)>;
  virtual std::optional<std::vector<std::string>> ResetPassword(const std::string& token_hash,
                                                                const std::string& password_hash,
                                                                const CallContext& call,
                                                                const ResetCheck& check) = 0;

  // Records a security event in a transaction of its own (a refused
  // attempt, which writes nothing else).
  virtual void RecordEvent(const std::string& event_type, const std::string& user_id, const CallContext& call,
                           const nlohmann::json& details) = 0;
};

class PgAccountStore final : public AccountStore {
 public:
  // Reset messages are queued through `notifier`, in the reset's
  // transaction.
  PgAccountStore(db::Pool& pool, Notifier& notifier) : pool_(pool), notifier_(notifier) {}

  Registration Register(const NewAccount& account, const NewRefreshToken& refresh, const CallContext& call) override;
  std::optional<LoginAccount> FindForLogin(const std::string& login) override;
  StartedSession SignIn(const std::string& user_id, const std::optional<std::string>& rehash,
                        const NewRefreshToken& refresh, const CallContext& call) override;
  std::optional<RefreshTokenState> UseRefreshToken(const std::string& token_hash, const NewRefreshToken& next,
                                                   const CallContext& call, const RefreshDecision& decide) override;
  std::vector<std::string> Logout(const std::string& user_id, const std::string& session_id, bool all_sessions,
                                  const CallContext& call) override;
  PasswordOwner ReadPasswordOwner(const std::string& user_id) override;
  PasswordChange ChangePassword(const std::string& user_id, const std::string& password_hash,
                                const NewRefreshToken& refresh, const CallContext& call) override;
  bool RequestPasswordReset(const std::string& email_normalized, const NewResetToken& token, Notification message,
                            const CallContext& call) override;
  std::optional<std::vector<std::string>> ResetPassword(const std::string& token_hash,
                                                        const std::string& password_hash, const CallContext& call,
                                                        const ResetCheck& check) override;
  void RecordEvent(const std::string& event_type, const std::string& user_id, const CallContext& call,
                   const nlohmann::json& details) override;

 private:
  db::Pool& pool_;
  Notifier& notifier_;
};

}  // namespace stylist::user
