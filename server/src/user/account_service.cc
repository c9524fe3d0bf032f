#include "user/account_service.h"

#include "auth/password.h"
#include "common/api_error.h"
#include "common/logging.h"
#include "user/sessions.h"
#include "user/validation.h"

namespace stylist::user {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr std::size_t kMaxTokenLength = 512;

// Verifying against a fixed hash when the account does not exist keeps the
// answer time the same, so timing does not reveal which logins exist.
const std::string& DummyHash() {
  static const std::string hash = password::Hash("not a real password, only for timing");
  return hash;
}

}  // namespace

void AccountService::RecordFailure(const CallContext& call, const std::string& event,
                                   const std::string& user_id, const nlohmann::json& details) {
  try {
    d_.accounts.RecordEvent(event, user_id, call, details);
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

  const AccountStore::NewAccount account{req.email(), email, req.username(), NormalizeLogin(req.username()),
                                         req.display_name(), password::Hash(req.password())};
  const MintedRefreshToken refresh = MintRefreshToken(d_.issuer);
  auto registration = d_.accounts.Register(account, refresh.stored, call);
  if (!registration.started) {
    // Registration cannot answer the same for taken and free identifiers
    // (a free one gets an account at once), so the answers that say "taken"
    // are what is limited, tightly, per address: past a few an hour,
    // probing for whose address or username exists gets no answer.
    if (!d_.limiter.TryConsume("register-taken:addr:" + call.client_address,
                               d_.limits.register_taken_per_address_per_hour, hours(1))) {
      throw ResourceExhausted("too many registrations from this address; try again later");
    }
    if (registration.taken == "email") throw AlreadyExists("email", "an account with this email already exists");
    throw AlreadyExists("username", "this username is taken");
  }
  auto& [profile, session_id] = *registration.started;
  FillTokens(d_.issuer, refresh, profile.user_id(), session_id, resp->mutable_tokens());
  *resp->mutable_profile() = std::move(profile);
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
  const auto found = d_.accounts.FindForLogin(login);
  // Failures count per account, whichever identifier (e-mail, username)
  // was used; for a login with no account, per that login.
  const std::string account_key = found ? "user:" + found->user_id : "login:" + login;
  if (const auto wait = d_.login_throttle.Begin(account_key); wait.count() > 0) {
    RecordFailure(call, "login_rate_limited", found ? found->user_id : "", {{"scope", "account"}});
    const auto seconds_left = (wait.count() + 999) / 1000;
    throw ResourceExhausted("too many failed sign-ins for this account; wait " + std::to_string(seconds_left) +
                            " s and try again, or reset the password");
  }
  bool ok = false;
  try {
    ok = found && !found->password_hash.empty() ? password::Verify(found->password_hash, req.password())
                                                : (password::Verify(DummyHash(), req.password()), false);
  } catch (...) {
    d_.login_throttle.Abandoned(account_key);
    throw;
  }
  if (!ok) {
    d_.login_throttle.Failed(account_key);
    RecordFailure(call, "login_failed", found ? found->user_id : "",
                  {{"reason", found ? "wrong_password" : "unknown_account"}});
    throw Unauthenticated("invalid login or password");
  }
  d_.login_throttle.Succeeded(account_key);
  const std::optional<std::string> rehash =
      password::NeedsRehash(found->password_hash) ? std::optional(password::Hash(req.password())) : std::nullopt;
  const MintedRefreshToken refresh = MintRefreshToken(d_.issuer);
  auto started = d_.accounts.SignIn(found->user_id, rehash, refresh.stored, call);
  FillTokens(d_.issuer, refresh, found->user_id, started.session_id, resp->mutable_tokens());
  *resp->mutable_profile() = std::move(started.profile);
}

void AccountService::RefreshToken(const CallContext& call, const v1::RefreshTokenRequest& req,
                                  v1::RefreshTokenResponse* resp) {
  if (req.refresh_token().empty() || req.refresh_token().size() > kMaxTokenLength) {
    throw InvalidArgument("refresh_token", "required");
  }
  enum class Outcome { kRotated, kUnknown, kReused, kExpired };
  using Action = AccountStore::RefreshAction;
  Outcome outcome = Outcome::kUnknown;
  std::string revoked_session;
  const MintedRefreshToken next = MintRefreshToken(d_.issuer);
  const auto token = d_.accounts.UseRefreshToken(
      TokenIssuer::HashOpaqueToken(req.refresh_token()), next.stored, call,
      [&](const AccountStore::RefreshTokenState& found) {
        revoked_session.clear();
        if (found.spent) {
          // A spent token presented again means it was copied: end the family.
          outcome = Outcome::kReused;
          if (found.session_ended) return Action::kRecordReuse;
          revoked_session = found.session_id;
          return Action::kRevokeForReuse;
        }
        if (found.expired || found.session_ended) {
          outcome = Outcome::kExpired;
          return Action::kRefuse;
        }
        outcome = Outcome::kRotated;
        return Action::kRotate;
      });
  if (!token) outcome = Outcome::kUnknown;
  if (!revoked_session.empty()) d_.authenticator.ForgetSession(revoked_session);
  if (outcome == Outcome::kRotated) {
    FillTokens(d_.issuer, next, token->user_id, token->session_id, resp->mutable_tokens());
  }
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
  const std::vector<std::string> revoked = d_.accounts.Logout(p.user_id, p.session_id, req.all_sessions(), call);
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
  const auto owner = d_.accounts.ReadPasswordOwner(p.user_id);
  const v1::Profile& account = owner.profile;
  const std::string& stored = owner.password_hash;
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
  const MintedRefreshToken refresh = MintRefreshToken(d_.issuer);
  const auto change = d_.accounts.ChangePassword(p.user_id, hash, refresh.stored, call);
  FillTokens(d_.issuer, refresh, p.user_id, change.session_id, resp->mutable_tokens());
  for (const auto& s : change.revoked_sessions) d_.authenticator.ForgetSession(s);
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
  // Minted whether or not the address has an account: the store keeps it
  // only for one that has.
  const std::string token = TokenIssuer::NewOpaqueToken();
  const auto expires = std::chrono::system_clock::now() + d_.issuer.reset_ttl();
  Notification message{"", "", "password_reset",
                       {{"reset_token", token}, {"expires_in_seconds", d_.issuer.reset_ttl().count()}}};
  d_.accounts.RequestPasswordReset(email, {TokenIssuer::HashOpaqueToken(token), expires}, std::move(message), call);
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
  const auto revoked = d_.accounts.ResetPassword(
      TokenIssuer::HashOpaqueToken(req.reset_token()), hash, call, [&](const v1::Profile& profile) {
        // Refusing here writes nothing, so the token stays usable with a better password.
        if (auto why = password::CheckStrength(req.new_password(), profile.email(), profile.username())) {
          throw InvalidArgument("new_password", *why);
        }
      });
  if (!revoked) throw InvalidArgument("reset_token", "invalid, expired or already used");
  for (const auto& s : *revoked) d_.authenticator.ForgetSession(s);
}

}  // namespace stylist::user
