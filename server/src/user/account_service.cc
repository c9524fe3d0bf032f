#include "user/account_service.h"

#include "auth/password.h"
#include "common/api_error.h"
#include "common/logging.h"
#include "auth/audit.h"
#include "user/profile_codec.h"
#include "user/sessions.h"
#include "user/validation.h"
#include "db/queries.h"

namespace stylist::user {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::size_t kMaxTokenLength = 512;

// Verifying against a fixed hash when the account does not exist keeps the
// answer time the same, so timing does not reveal which logins exist.
const std::string& DummyHash() {
  static const std::string hash = password::Hash("not a real password, only for timing");
  return hash;
}

bool IsUniqueOn(const pqxx::unique_violation& e, const char* constraint) {
  return std::string(e.what()).find(constraint) != std::string::npos;
}

}  // namespace

void AccountService::RecordFailure(const CallContext& call, const std::string& event,
                                   const std::string& user_id, const nlohmann::json& details) {
  try {
    d_.pool.Transact([&](pqxx::work& tx) { auth::RecordAudit(tx, event, user_id, call, details); });
  } catch (const std::exception& e) {
    // The caller's answer matters more than the audit row; say it was lost.
    log::Error("audit event lost", {{"event", event}, {"request_id", call.request_id}, {"error", e.what()}});
  }
}

void AccountService::Register(const CallContext& call, const v1::RegisterRequest& req,
                              v1::RegisterResponse* resp) {
  if (!d_.limiter.TryConsume("register:addr:" + call.client_address,
                             d_.limits.register_per_address_per_hour, hours(1))) {
    throw ResourceExhausted("too many registrations from this address; try again later");
  }
  Violations v;
  const std::string email = NormalizeLogin(req.email());
  if (auto why = CheckEmail(email)) v.Add("email", *why);
  if (auto why = CheckUsername(req.username())) v.Add("username", *why);
  if (auto why = CheckDisplayName(req.display_name())) v.Add("display_name", *why);
  if (auto why = password::CheckStrength(req.password(), email, req.username())) v.Add("password", *why);
  v.ThrowIfAny();

  const std::string hash = password::Hash(req.password());
  try {
    d_.pool.Transact([&](pqxx::work& tx) {
      auto row = db::Exec1(tx, sql::user::insert, req.email(), email, req.username(),
                           NormalizeLogin(req.username()), req.display_name(), hash);
      *resp->mutable_profile() = ProfileFromRow(row);
      const std::string& id = resp->profile().user_id();
      StartSession(tx, d_.issuer, id, call, resp->mutable_tokens());
      auth::RecordAudit(tx, "account_registered", id, call);
    });
  } catch (const pqxx::unique_violation& e) {
    // Registration cannot answer the same for taken and free identifiers
    // (a free one gets an account at once), so the answers that say "taken"
    // are what is limited, tightly, per address: past a few an hour,
    // probing for whose address or username exists gets no answer.
    if (!d_.limiter.TryConsume("register-taken:addr:" + call.client_address,
                               d_.limits.register_taken_per_address_per_hour, hours(1))) {
      throw ResourceExhausted("too many registrations from this address; try again later");
    }
    if (IsUniqueOn(e, "email")) throw AlreadyExists("email", "an account with this email already exists");
    if (IsUniqueOn(e, "username")) throw AlreadyExists("username", "this username is taken");
    throw;
  }
}

void AccountService::Login(const CallContext& call, const v1::LoginRequest& req,
                           v1::LoginResponse* resp) {
  const std::string login = NormalizeLogin(req.login());
  Violations v;
  if (login.empty() || login.size() > 254) v.Add("login", "required, an email address or username");
  if (req.password().empty()) v.Add("password", "required");
  if (req.password().size() > password::kMaxLength) v.Add("password", "too long");
  v.ThrowIfAny();

  if (!d_.limiter.TryConsume("login:addr:" + call.client_address,
                             d_.limits.login_per_address_per_minute, minutes(1))) {
    RecordFailure(call, "login_rate_limited", "", {{"scope", "address"}});
    throw ResourceExhausted("too many sign-in attempts from this address; try again later");
  }
  struct Found {
    std::string id, hash;
  };
  auto found = d_.pool.Read([&](db::Pool::ReadTx& tx) -> std::optional<Found> {
    auto r = db::Exec(tx, sql::user::find_for_login, login);
    if (r.empty()) return std::nullopt;
    return Found{r[0][0].as<std::string>(), r[0][1].is_null() ? "" : r[0][1].as<std::string>()};
  });
  // Failures count per account, whichever identifier (e-mail, username)
  // was used; for a login with no account, per that login.
  const std::string account_key = found ? "user:" + found->id : "login:" + login;
  if (const auto wait = d_.login_throttle.Begin(account_key); wait.count() > 0) {
    RecordFailure(call, "login_rate_limited", found ? found->id : "", {{"scope", "account"}});
    const auto seconds_left = (wait.count() + 999) / 1000;
    throw ResourceExhausted("too many failed sign-ins for this account; wait " + std::to_string(seconds_left) +
                            " s and try again, or reset the password");
  }
  bool ok = false;
  try {
    ok = found && !found->hash.empty() ? password::Verify(found->hash, req.password())
                                       : (password::Verify(DummyHash(), req.password()), false);
  } catch (...) {
    d_.login_throttle.Abandoned(account_key);
    throw;
  }
  if (!ok) {
    d_.login_throttle.Failed(account_key);
    RecordFailure(call, "login_failed", found ? found->id : "",
                  {{"reason", found ? "wrong_password" : "unknown_account"}});
    throw Unauthenticated("invalid login or password");
  }
  d_.login_throttle.Succeeded(account_key);
  const std::optional<std::string> rehash =
      password::NeedsRehash(found->hash) ? std::optional(password::Hash(req.password())) : std::nullopt;
  d_.pool.Transact([&](pqxx::work& tx) {
    if (rehash) db::Exec0(tx, sql::user::set_password_hash, found->id, *rehash);
    *resp->mutable_profile() = ProfileFromRow(db::Exec1(tx, sql::user::get_profile, found->id));
    StartSession(tx, d_.issuer, found->id, call, resp->mutable_tokens());
    auth::RecordAudit(tx, "login_succeeded", found->id, call);
  });
}

void AccountService::RefreshToken(const CallContext& call, const v1::RefreshTokenRequest& req,
                                  v1::RefreshTokenResponse* resp) {
  if (req.refresh_token().empty() || req.refresh_token().size() > kMaxTokenLength) {
    throw InvalidArgument("refresh_token", "required");
  }
  enum class Outcome { kRotated, kUnknown, kReused, kExpired };
  std::string revoked_session;
  const std::string hash = TokenIssuer::HashOpaqueToken(req.refresh_token());
  const Outcome outcome = d_.pool.Transact([&](pqxx::work& tx) {
    auto r = db::Exec(tx, sql::session::find_refresh_token, hash);
    if (r.empty()) return Outcome::kUnknown;
    const std::string session_id = r[0][0].as<std::string>();
    const std::string user_id = r[0][1].as<std::string>();
    const bool spent = r[0][2].as<bool>();
    const bool token_expired = r[0][3].as<bool>();
    const bool session_dead = r[0][4].as<bool>() || r[0][5].as<bool>();
    if (spent) {
      // A spent token presented again means it was copied: end the family.
      if (!session_dead) {
        db::Exec(tx, sql::session::revoke, session_id, user_id, "refresh_token_reuse");
        revoked_session = session_id;
      }
      auth::RecordAudit(tx, "refresh_token_reused", user_id, call, {{"session_id", session_id}});
      return Outcome::kReused;
    }
    if (token_expired || session_dead) return Outcome::kExpired;
    db::Exec0(tx, sql::session::spend_refresh_token, hash);
    RotateSession(tx, d_.issuer, user_id, session_id, resp->mutable_tokens());
    return Outcome::kRotated;
  });
  if (!revoked_session.empty()) d_.authenticator.ForgetSession(revoked_session);
  switch (outcome) {
    case Outcome::kRotated: return;
    case Outcome::kUnknown: throw Unauthenticated("unknown refresh token");
    case Outcome::kReused:
      throw Unauthenticated("refresh token already used; the session was revoked, sign in again");
    case Outcome::kExpired: throw Unauthenticated("refresh token expired or session revoked; sign in again");
  }
}

void AccountService::Logout(const CallContext& call, const v1::LogoutRequest& req, v1::LogoutResponse*) {
  const auto& p = call.principal;
  std::vector<std::string> revoked;
  d_.pool.Transact([&](pqxx::work& tx) {
    pqxx::result r;
    if (req.all_sessions()) {
      r = db::Exec(tx, sql::session::revoke_all, p.user_id, std::optional<std::string>(), "logout_all");
    } else if (!p.session_id.empty()) {
      r = db::Exec(tx, sql::session::revoke, p.session_id, p.user_id, "logout");
    }
    for (const auto& row : r) revoked.push_back(row[0].as<std::string>());
    auth::RecordAudit(tx, "logout", p.user_id, call, {{"all_sessions", req.all_sessions()}});
  });
  for (const auto& s : revoked) d_.authenticator.ForgetSession(s);
}

void AccountService::ChangePassword(const CallContext& call, const v1::ChangePasswordRequest& req,
                                    v1::ChangePasswordResponse* resp) {
  const auto& p = call.principal;
  const std::string fail_key = "login-fail:user:" + p.user_id;
  if (!d_.limiter.HasCapacity(fail_key, d_.limits.login_failures_per_account_per_15min, minutes(15))) {
    throw ResourceExhausted("too many wrong passwords; try again later");
  }
  if (req.current_password().empty()) throw InvalidArgument("current_password", "required");
  auto account = d_.pool.Read([&](db::Pool::ReadTx& tx) {
    return ProfileFromRow(db::Exec1(tx, sql::user::get_profile, p.user_id));
  });
  auto stored = d_.pool.Read([&](db::Pool::ReadTx& tx) {
    auto row = db::Exec1(tx, sql::user::get_password_hash, p.user_id);
    return row[0].is_null() ? std::string() : row[0].as<std::string>();
  });
  if (stored.empty()) {
    throw FailedPrecondition("this account signs in through an external provider and has no password");
  }
  if (!password::Verify(stored, req.current_password())) {
    d_.limiter.TryConsume(fail_key, d_.limits.login_failures_per_account_per_15min, minutes(15));
    RecordFailure(call, "password_change_failed", p.user_id, {{"reason", "wrong_password"}});
    throw InvalidArgument("current_password", "does not match");
  }
  if (auto why = password::CheckStrength(req.new_password(), account.email(), account.username())) {
    throw InvalidArgument("new_password", *why);
  }
  if (req.new_password() == req.current_password()) {
    throw InvalidArgument("new_password", "must differ from the current password");
  }
  const std::string hash = password::Hash(req.new_password());
  std::vector<std::string> revoked;
  d_.pool.Transact([&](pqxx::work& tx) {
    db::Exec0(tx, sql::user::set_password_hash, p.user_id, hash);
    for (const auto& row : db::Exec(tx, sql::session::revoke_all, p.user_id, std::optional<std::string>(),
                                            "password_changed")) {
      revoked.push_back(row[0].as<std::string>());
    }
    db::Exec0(tx, sql::auth::invalidate_reset_tokens, p.user_id);
    StartSession(tx, d_.issuer, p.user_id, call, resp->mutable_tokens());
    auth::RecordAudit(tx, "password_changed", p.user_id, call, {{"sessions_revoked", revoked.size()}});
  });
  for (const auto& s : revoked) d_.authenticator.ForgetSession(s);
}

void AccountService::RequestPasswordReset(const CallContext& call,
                                          const v1::RequestPasswordResetRequest& req,
                                          v1::RequestPasswordResetResponse*) {
  const std::string email = NormalizeLogin(req.email());
  if (auto why = CheckEmail(email)) throw InvalidArgument("email", *why);
  if (!d_.limiter.TryConsume("reset:addr:" + call.client_address, d_.limits.reset_per_address_per_hour,
                             hours(1))) {
    throw ResourceExhausted("too many password reset requests from this address; try again later");
  }
  // Limited per address whether or not it has an account, so the answer
  // reveals nothing about which addresses are registered.
  if (!d_.limiter.TryConsume("reset:acct:" + email, d_.limits.reset_per_account_per_hour, hours(1))) {
    throw ResourceExhausted("too many password reset requests for this address; try again later");
  }
  d_.pool.Transact([&](pqxx::work& tx) {
    auto r = db::Exec(tx, sql::user::find_by_email, email);
    if (r.empty()) return;
    const std::string user_id = r[0][0].as<std::string>();
    const std::string token = TokenIssuer::NewOpaqueToken();
    const auto expires = std::chrono::system_clock::now() + d_.issuer.reset_ttl();
    db::Exec0(tx, sql::auth::insert_reset_token, TokenIssuer::HashOpaqueToken(token), user_id,
              std::chrono::duration_cast<seconds>(expires.time_since_epoch()).count());
    d_.notifier.Send(tx, {user_id, r[0][1].as<std::string>(), "password_reset",
                          {{"reset_token", token},
                           {"expires_in_seconds", d_.issuer.reset_ttl().count()}}});
    auth::RecordAudit(tx, "password_reset_requested", user_id, call);
  });
}

void AccountService::ResetPassword(const CallContext& call, const v1::ResetPasswordRequest& req,
                                   v1::ResetPasswordResponse*) {
  Violations v;
  if (req.reset_token().empty() || req.reset_token().size() > kMaxTokenLength) {
    v.Add("reset_token", "required");
  }
  if (auto why = password::CheckStrength(req.new_password(), "", "")) v.Add("new_password", *why);
  v.ThrowIfAny();
  if (!d_.limiter.TryConsume("reset-use:addr:" + call.client_address,
                             d_.limits.login_per_address_per_minute, std::chrono::minutes(1))) {
    throw ResourceExhausted("too many attempts from this address; try again later");
  }
  const std::string hash = password::Hash(req.new_password());
  std::vector<std::string> revoked;
  d_.pool.Transact([&](pqxx::work& tx) {
    auto r = db::Exec(tx, sql::auth::consume_reset_token, TokenIssuer::HashOpaqueToken(req.reset_token()));
    if (r.empty()) throw InvalidArgument("reset_token", "invalid, expired or already used");
    const std::string user_id = r[0][0].as<std::string>();
    auto profile = ProfileFromRow(db::Exec1(tx, sql::user::get_profile, user_id));
    // Throwing here rolls back, so the token stays usable with a better password.
    if (auto why = password::CheckStrength(req.new_password(), profile.email(), profile.username())) {
      throw InvalidArgument("new_password", *why);
    }
    db::Exec0(tx, sql::user::set_password_hash, user_id, hash);
    db::Exec0(tx, sql::auth::invalidate_reset_tokens, user_id);
    for (const auto& row :
         db::Exec(tx, sql::session::revoke_all, user_id, std::optional<std::string>(), "password_reset")) {
      revoked.push_back(row[0].as<std::string>());
    }
    auth::RecordAudit(tx, "password_reset", user_id, call, {{"sessions_revoked", revoked.size()}});
  });
  for (const auto& s : revoked) d_.authenticator.ForgetSession(s);
}

}  // namespace stylist::user
