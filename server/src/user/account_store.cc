#include "user/account_store.h"

#include "auth/audit.h"
#include "db/queries.h"
#include "user/profile_codec.h"

namespace stylist::user {
namespace {

long long UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

void InsertRefreshToken(pqxx::work& tx, const std::string& session_id, const AccountStore::NewRefreshToken& refresh) {
  db::Exec0(tx, sql::session::insert_refresh_token, refresh.token_hash, session_id, UnixSeconds(refresh.expires));
}

// A session that lasts as long as its first refresh token.
std::string StartSession(pqxx::work& tx, const std::string& user_id, const AccountStore::NewRefreshToken& refresh,
                         const CallContext& call) {
  auto row = db::Exec1(tx, sql::session::create, user_id, UnixSeconds(refresh.expires), call.user_agent,
                       call.client_address);
  const std::string session_id = row[0].as<std::string>();
  InsertRefreshToken(tx, session_id, refresh);
  return session_id;
}

std::vector<std::string> RevokeAllSessions(pqxx::work& tx, const std::string& user_id, const char* reason) {
  std::vector<std::string> revoked;
  for (const auto& row : db::Exec(tx, sql::session::revoke_all, user_id, std::optional<std::string>(), reason)) {
    revoked.push_back(row[0].as<std::string>());
  }
  return revoked;
}

bool IsUniqueOn(const pqxx::unique_violation& e, const char* constraint) {
  return std::string(e.what()).find(constraint) != std::string::npos;
}

}  // namespace

AccountStore::Registration PgAccountStore::Register(const NewAccount& account, const NewRefreshToken& refresh,
                                                    const CallContext& call) {
  try {
    return pool_.Transact([&](pqxx::work& tx) {
      auto row = db::Exec1(tx, sql::user::insert, account.email, account.email_normalized, account.username,
                           account.username_normalized, account.display_name, account.password_hash);
      StartedSession started{ProfileFromRow(row), ""};
      started.session_id = StartSession(tx, started.profile.user_id(), refresh, call);
      auth::RecordAudit(tx, "account_registered", started.profile.user_id(), call);
      return Registration{std::move(started), ""};
    });
  } catch (const pqxx::unique_violation& e) {
    if (IsUniqueOn(e, "email")) return Registration{std::nullopt, "email"};
    if (IsUniqueOn(e, "username")) return Registration{std::nullopt, "username"};
    throw;
  }
}

std::optional<AccountStore::LoginAccount> PgAccountStore::FindForLogin(const std::string& login) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<LoginAccount> {
    auto r = db::Exec(tx, sql::user::find_for_login, login);
    if (r.empty()) return std::nullopt;
    return LoginAccount{r[0][0].as<std::string>(), r[0][1].is_null() ? "" : r[0][1].as<std::string>()};
  });
}

AccountStore::StartedSession PgAccountStore::SignIn(const std::string& user_id,
                                                    const std::optional<std::string>& rehash,
                                                    const NewRefreshToken& refresh, const CallContext& call) {
  return pool_.Transact([&](pqxx::work& tx) {
    if (rehash) db::Exec0(tx, sql::user::set_password_hash, user_id, *rehash);
    StartedSession started{ProfileFromRow(db::Exec1(tx, sql::user::get_profile, user_id)), ""};
    started.session_id = StartSession(tx, user_id, refresh, call);
    auth::RecordAudit(tx, "login_succeeded", user_id, call);
    return started;
  });
}

std::optional<AccountStore::RefreshTokenState> PgAccountStore::UseRefreshToken(const std::string& token_hash,
                                                                               const NewRefreshToken& next,
                                                                               const CallContext& call,
                                                                               const RefreshDecision& decide) {
  return pool_.Transact([&](pqxx::work& tx) -> std::optional<RefreshTokenState> {
    auto r = db::Exec(tx, sql::session::find_refresh_token, token_hash);
    if (r.empty()) return std::nullopt;
    const RefreshTokenState token{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<bool>(),
                                  r[0][3].as<bool>(), r[0][4].as<bool>() || r[0][5].as<bool>()};
    switch (decide(token)) {
      case RefreshAction::kRotate:
        db::Exec0(tx, sql::session::spend_refresh_token, token_hash);
        db::Exec0(tx, sql::session::extend, token.session_id, UnixSeconds(next.expires));
        InsertRefreshToken(tx, token.session_id, next);
        break;
      case RefreshAction::kRevokeForReuse:
        db::Exec(tx, sql::session::revoke, token.session_id, token.user_id, "refresh_token_reuse");
        auth::RecordAudit(tx, "refresh_token_reused", token.user_id, call, {{"session_id", token.session_id}});
        break;
      case RefreshAction::kRecordReuse:
        auth::RecordAudit(tx, "refresh_token_reused", token.user_id, call, {{"session_id", token.session_id}});
        break;
      case RefreshAction::kRefuse:
        break;
    }
    return token;
  });
}

std::vector<std::string> PgAccountStore::Logout(const std::string& user_id, const std::string& session_id,
                                                bool all_sessions, const CallContext& call) {
  return pool_.Transact([&](pqxx::work& tx) {
    std::vector<std::string> revoked;
    if (all_sessions) {
      revoked = RevokeAllSessions(tx, user_id, "logout_all");
    } else if (!session_id.empty()) {
      for (const auto& row : db::Exec(tx, sql::session::revoke, session_id, user_id, "logout")) {
        revoked.push_back(row[0].as<std::string>());
      }
    }
    auth::RecordAudit(tx, "logout", user_id, call, {{"all_sessions", all_sessions}});
    return revoked;
  });
}

AccountStore::PasswordOwner PgAccountStore::ReadPasswordOwner(const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    PasswordOwner owner{ProfileFromRow(db::Exec1(tx, sql::user::get_profile, user_id)), ""};
    auto row = db::Exec1(tx, sql::user::get_password_hash, user_id);
    if (!row[0].is_null()) owner.password_hash = row[0].as<std::string>();
    return owner;
  });
}

AccountStore::PasswordChange PgAccountStore::ChangePassword(const std::string& user_id,
                                                            const std::string& password_hash,
                                                            const NewRefreshToken& refresh, const CallContext& call) {
  return pool_.Transact([&](pqxx::work& tx) {
    PasswordChange change;
    db::Exec0(tx, sql::user::set_password_hash, user_id, password_hash);
    change.revoked_sessions = RevokeAllSessions(tx, user_id, "password_changed");
    db::Exec0(tx, sql::auth::invalidate_reset_tokens, user_id);
    change.session_id = StartSession(tx, user_id, refresh, call);
    auth::RecordAudit(tx, "password_changed", user_id, call, {{"sessions_revoked", change.revoked_sessions.size()}});
    return change;
  });
}

bool PgAccountStore::RequestPasswordReset(const std::string& email_normalized, const NewResetToken& token,
                                          Notification message, const CallContext& call) {
  return pool_.Transact([&](pqxx::work& tx) {
    auto r = db::Exec(tx, sql::user::find_by_email, email_normalized);
    if (r.empty()) return false;
    message.user_id = r[0][0].as<std::string>();
    message.recipient = r[0][1].as<std::string>();
    db::Exec0(tx, sql::auth::insert_reset_token, token.token_hash, message.user_id, UnixSeconds(token.expires));
    notifier_.Send(tx, message);
    auth::RecordAudit(tx, "password_reset_requested", message.user_id, call);
    return true;
  });
}

std::optional<std::vector<std::string>> PgAccountStore::ResetPassword(const std::string& token_hash,
                                                                      const std::string& password_hash,
                                                                      const CallContext& call,
                                                                      const ResetCheck& check) {
  return pool_.Transact([&](pqxx::work& tx) -> std::optional<std::vector<std::string>> {
    auto r = db::Exec(tx, sql::auth::consume_reset_token, token_hash);
    if (r.empty()) return std::nullopt;
    const std::string user_id = r[0][0].as<std::string>();
    // Throwing here rolls back, so the token stays usable with a better password.
    check(ProfileFromRow(db::Exec1(tx, sql::user::get_profile, user_id)));
    db::Exec0(tx, sql::user::set_password_hash, user_id, password_hash);
    db::Exec0(tx, sql::auth::invalidate_reset_tokens, user_id);
    std::vector<std::string> revoked = RevokeAllSessions(tx, user_id, "password_reset");
    auth::RecordAudit(tx, "password_reset", user_id, call, {{"sessions_revoked", revoked.size()}});
    return revoked;
  });
}

void PgAccountStore::RecordEvent(const std::string& event_type, const std::string& user_id, const CallContext& call,
                                 const nlohmann::json& details) {
  pool_.Transact([&](pqxx::work& tx) { auth::RecordAudit(tx, event_type, user_id, call, details); });
}

}  // namespace stylist::user
