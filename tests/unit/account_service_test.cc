// The account service's rules on an in-memory store (fake_account_store.h):
// a taken email or username is named and its answers limited per address,
// a wrong password is refused, recorded and throttled, a refresh token works
// once and a reused one ends its session, logout and password changes
// revoke sessions (and this replica's authenticator forgets them at once),
// a reset token is used once, not after its expiry, and not for a password
// its account's rules refuse.
#include <gtest/gtest.h>

#include "auth/password.h"
#include "auth/token_issuer.h"
#include "common/crypto.h"
#include "fake_account_store.h"
#include "service_test_support.h"
#include "user/account_service.h"

namespace stylist::testing {
namespace {

constexpr char kPassword[] = "Tr0ub4dor&3x";
constexpr char kNewPassword[] = "C0rrect-H0rse!";

class AccountServiceTest : public ::testing::Test {
 protected:
  AccountServiceTest() : service_(inert_.deps()) {}
  void SetUp() override { crypto::Init(); }

  FakeAccountStore& store() { return inert_.accounts; }

  v1::RegisterResponse Register(const std::string& email, const std::string& username,
                                const CallContext& call = CallContext()) {
    v1::RegisterRequest req;
    req.set_email(email);
    req.set_username(username);
    req.set_password(kPassword);
    v1::RegisterResponse resp;
    service_.Register(call, req, &resp);
    return resp;
  }
  v1::LoginResponse Login(const std::string& login, const std::string& password) {
    v1::LoginRequest req;
    req.set_login(login);
    req.set_password(password);
    v1::LoginResponse resp;
    service_.Login(CallContext(), req, &resp);
    return resp;
  }
  v1::RefreshTokenResponse Refresh(const std::string& refresh_token) {
    v1::RefreshTokenRequest req;
    req.set_refresh_token(refresh_token);
    v1::RefreshTokenResponse resp;
    service_.RefreshToken(CallContext(), req, &resp);
    return resp;
  }
  // The session an access token names, as the authenticator finds it.
  Principal Authenticate(const std::string& access_token) {
    return inert_.authenticator.Authenticate({"Bearer " + access_token, std::nullopt, std::nullopt}, Access::kUser);
  }
  // The credential store reads the same sessions table as the account
  // store: copies the account store's sessions (and accounts) into it.
  void ShareSessions() {
    for (const auto& [id, account] : store().accounts) inert_.credentials.accounts[id];
    for (const auto& [id, s] : store().sessions) {
      inert_.credentials.sessions[id] = {s.user_id, s.revoked(), s.expires <= std::chrono::system_clock::now()};
    }
  }

  InertUserDeps inert_;
  user::AccountService service_;
};

TEST_F(AccountServiceTest, RegisteringStoresTheAccountWithASessionAndOnlyTheRefreshTokensHash) {
  const auto resp = Register("Ada@Example.com", "Ada");
  ASSERT_EQ(store().accounts.size(), 1u);
  const auto& [id, account] = *store().accounts.begin();
  EXPECT_EQ(resp.profile().user_id(), id);
  EXPECT_EQ(account.email_normalized, "ada@example.com");
  EXPECT_EQ(account.username_normalized, "ada");
  EXPECT_TRUE(password::Verify(account.password_hash, kPassword));
  EXPECT_EQ(resp.tokens().token_type(), "Bearer");
  EXPECT_EQ(store().refresh_tokens.count(TokenIssuer::HashOpaqueToken(resp.tokens().refresh_token())), 1u);
  EXPECT_EQ(store().refresh_tokens.count(resp.tokens().refresh_token()), 0u);
  ShareSessions();
  const Principal p = Authenticate(resp.tokens().access_token());
  EXPECT_EQ(p.user_id, id);
  EXPECT_EQ(store().ActiveSessions(id), std::vector<std::string>{p.session_id});
  EXPECT_EQ(store().EventTypes(), std::vector<std::string>{"account_registered"});
}

TEST_F(AccountServiceTest, ATakenEmailOrUsernameIsNamedAndNothingIsWritten) {
  Register("ada@example.com", "ada");
  const std::size_t sessions = store().sessions.size();

  const ApiError email = ErrorOf([&] { Register("ADA@example.com ", "someone"); });
  EXPECT_EQ(email.code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(FieldOf(email), "email");
  const ApiError username = ErrorOf([&] { Register("other@example.com", "ADA"); });
  EXPECT_EQ(username.code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(FieldOf(username), "username");

  EXPECT_EQ(store().accounts.size(), 1u);
  EXPECT_EQ(store().sessions.size(), sessions);
}

TEST_F(AccountServiceTest, TakenAnswersAreLimitedPerAddress) {
  user::Deps deps = inert_.deps();
  deps.limits.register_taken_per_address_per_hour = 2;
  user::AccountService service(deps);
  CallContext from;
  from.client_address = "192.0.2.7";
  v1::RegisterRequest req;
  req.set_email("ada@example.com");
  req.set_username("ada");
  req.set_password(kPassword);
  v1::RegisterResponse resp;
  service.Register(from, req, &resp);

  EXPECT_EQ(CodeOf([&] { service.Register(from, req, &resp); }), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(CodeOf([&] { service.Register(from, req, &resp); }), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(CodeOf([&] { service.Register(from, req, &resp); }), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // A free identifier from the same address still gets its account.
  req.set_email("bob@example.com");
  req.set_username("bob");
  EXPECT_EQ(CodeOf([&] { service.Register(from, req, &resp); }), grpc::StatusCode::OK);
  EXPECT_EQ(store().accounts.size(), 2u);
}

TEST_F(AccountServiceTest, SigningInByEmailOrUsernameStartsASession) {
  const std::string id = Register("ada@example.com", "ada").profile().user_id();
  EXPECT_EQ(Login("ADA@example.com", kPassword).profile().user_id(), id);
  EXPECT_EQ(Login(" Ada ", kPassword).profile().user_id(), id);
  EXPECT_EQ(store().ActiveSessions(id).size(), 3u);
  EXPECT_EQ(store().EventTypes(),
            (std::vector<std::string>{"account_registered", "login_succeeded", "login_succeeded"}));
}

TEST_F(AccountServiceTest, AWrongPasswordIsRefusedRecordedAndThrottled) {
  // Three free failures, then a wait far longer than the test.
  LoginThrottle throttle(3, std::chrono::minutes(1), std::chrono::minutes(1), std::chrono::minutes(15));
  user::AccountService service(
      user::Deps{store(), inert_.profiles, inert_.admin, inert_.issuer, inert_.authenticator, inert_.limiter, throttle, {}, inert_.blobs});
  const auto TryLogin = [&](const std::string& login, const std::string& password) {
    v1::LoginRequest req;
    req.set_login(login);
    req.set_password(password);
    v1::LoginResponse resp;
    service.Login(CallContext(), req, &resp);
  };
  const std::string id = Register("ada@example.com", "ada").profile().user_id();
  const ApiError wrong = ErrorOf([&] { TryLogin("ada", "Wr0ng-password"); });
  EXPECT_EQ(wrong.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(wrong.what(), "invalid login or password");
  EXPECT_EQ(store().events.back().type, "login_failed");
  EXPECT_EQ(store().events.back().user_id, id);
  EXPECT_EQ(store().events.back().details["reason"], "wrong_password");

  // An unknown login gets the same answer.
  const ApiError unknown = ErrorOf([&] { TryLogin("nobody", "Wr0ng-password"); });
  EXPECT_EQ(unknown.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(unknown.what(), "invalid login or password");
  EXPECT_EQ(store().events.back().details["reason"], "unknown_account");
  EXPECT_EQ(store().events.back().user_id, "");

  // Failures count per account, whichever identifier was used; past the
  // free ones even the right password waits, and that is recorded.
  EXPECT_EQ(CodeOf([&] { TryLogin("ada@example.com", "Wr0ng-password"); }), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CodeOf([&] { TryLogin("ada", "Wr0ng-password"); }), grpc::StatusCode::UNAUTHENTICATED);
  const std::size_t sessions = store().sessions.size();
  EXPECT_EQ(CodeOf([&] { TryLogin("ada", kPassword); }), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(store().events.back().type, "login_rate_limited");
  EXPECT_EQ(store().events.back().details["scope"], "account");
  EXPECT_EQ(store().sessions.size(), sessions);
}

TEST_F(AccountServiceTest, AnAccountWithoutAPasswordCannotSignInWithOne) {
  store().Add("00000000-0000-4000-8000-00000000000e", "ext@example.com", "ext_0123", "");
  EXPECT_EQ(CodeOf([&] { Login("ext_0123", kPassword); }), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(store().sessions.empty());
}

TEST_F(AccountServiceTest, ARefreshTokenWorksOnceAndItsReuseEndsTheSession) {
  const auto registered = Register("ada@example.com", "ada");
  const std::string first = registered.tokens().refresh_token();
  const auto rotated = Refresh(first);
  EXPECT_NE(rotated.tokens().refresh_token(), first);
  EXPECT_FALSE(rotated.tokens().access_token().empty());
  EXPECT_TRUE(store().refresh_tokens.at(TokenIssuer::HashOpaqueToken(first)).spent);
  ShareSessions();
  const std::string session_id = Authenticate(rotated.tokens().access_token()).session_id;
  EXPECT_EQ(Authenticate(registered.tokens().access_token()).session_id, session_id);  // the same session

  // The spent token again: it was copied. The session ends, for the copy
  // and for the token the rotation gave.
  const ApiError reused = ErrorOf([&] { Refresh(first); });
  EXPECT_EQ(reused.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(reused.what(), "refresh token already used; the session was revoked, sign in again");
  EXPECT_EQ(store().sessions.at(session_id).revoke_reason, "refresh_token_reuse");
  EXPECT_EQ(store().events.back().type, "refresh_token_reused");
  EXPECT_EQ(store().events.back().details["session_id"], session_id);
  const ApiError after = ErrorOf([&] { Refresh(rotated.tokens().refresh_token()); });
  EXPECT_STREQ(after.what(), "refresh token expired or session revoked; sign in again");
  // The authenticator forgot the session at once: its access token is refused.
  ShareSessions();
  EXPECT_EQ(CodeOf([&] { Authenticate(rotated.tokens().access_token()); }), grpc::StatusCode::UNAUTHENTICATED);

  // Reused once more, the revoked session is recorded again and stays revoked.
  EXPECT_EQ(CodeOf([&] { Refresh(first); }), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(store().events.back().type, "refresh_token_reused");
  EXPECT_EQ(store().sessions.at(session_id).revoke_reason, "refresh_token_reuse");
}

TEST_F(AccountServiceTest, UnknownOrExpiredRefreshTokensAreRefusedAndWriteNothing) {
  const auto registered = Register("ada@example.com", "ada");
  const ApiError unknown = ErrorOf([&] { Refresh("not-a-token-we-issued"); });
  EXPECT_EQ(unknown.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(unknown.what(), "unknown refresh token");

  auto& stored = store().refresh_tokens.at(TokenIssuer::HashOpaqueToken(registered.tokens().refresh_token()));
  stored.expires = std::chrono::system_clock::now() - std::chrono::seconds(1);
  const std::size_t tokens = store().refresh_tokens.size();
  const ApiError expired = ErrorOf([&] { Refresh(registered.tokens().refresh_token()); });
  EXPECT_EQ(expired.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(expired.what(), "refresh token expired or session revoked; sign in again");
  EXPECT_FALSE(stored.spent);
  EXPECT_EQ(store().refresh_tokens.size(), tokens);
  EXPECT_EQ(store().EventTypes(), std::vector<std::string>{"account_registered"});
  EXPECT_EQ(CodeOf([&] { Refresh(""); }), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AccountServiceTest, LogoutRevokesTheCallersSessionOrAllOfThem) {
  const auto registered = Register("ada@example.com", "ada");
  const std::string id = registered.profile().user_id();
  Login("ada", kPassword);
  Login("ada", kPassword);
  ShareSessions();
  const Principal p = Authenticate(registered.tokens().access_token());  // now in the authenticator's cache
  ASSERT_EQ(store().ActiveSessions(id).size(), 3u);

  v1::LogoutResponse resp;
  service_.Logout(As(id, p.session_id), v1::LogoutRequest(), &resp);
  EXPECT_EQ(store().sessions.at(p.session_id).revoke_reason, "logout");
  EXPECT_EQ(store().ActiveSessions(id).size(), 2u);
  EXPECT_EQ(store().events.back().type, "logout");
  EXPECT_EQ(store().events.back().details["all_sessions"], false);
  // Forgotten at once by this replica, not after the cache's few seconds.
  ShareSessions();
  EXPECT_EQ(CodeOf([&] { Authenticate(registered.tokens().access_token()); }), grpc::StatusCode::UNAUTHENTICATED);

  v1::LogoutRequest all;
  all.set_all_sessions(true);
  service_.Logout(As(id, p.session_id), all, &resp);
  EXPECT_TRUE(store().ActiveSessions(id).empty());
  EXPECT_EQ(store().events.back().details["all_sessions"], true);
}

TEST_F(AccountServiceTest, ChangingThePasswordChecksTheOldOneAndRevokesEverySession) {
  const auto registered = Register("ada@example.com", "ada");
  const std::string id = registered.profile().user_id();
  Login("ada", kPassword);
  ShareSessions();
  const Principal p = Authenticate(registered.tokens().access_token());
  v1::ChangePasswordRequest req;
  req.set_current_password("Wr0ng-password");
  req.set_new_password(kNewPassword);
  v1::ChangePasswordResponse resp;

  const ApiError wrong = ErrorOf([&] { service_.ChangePassword(As(id, p.session_id), req, &resp); });
  EXPECT_EQ(wrong.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(wrong), "current_password");
  EXPECT_EQ(store().events.back().type, "password_change_failed");
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kPassword));
  EXPECT_EQ(store().ActiveSessions(id).size(), 2u);

  req.set_current_password(kPassword);
  req.set_new_password(kPassword);
  EXPECT_EQ(FieldOf(ErrorOf([&] { service_.ChangePassword(As(id, p.session_id), req, &resp); })), "new_password");

  // A pending reset link dies with the old password.
  v1::RequestPasswordResetRequest reset;
  reset.set_email("ada@example.com");
  service_.RequestPasswordReset(CallContext(), reset, nullptr);
  req.set_new_password(kNewPassword);
  service_.ChangePassword(As(id, p.session_id), req, &resp);
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kNewPassword));
  // Every earlier session is revoked, the caller's too; the answer carries a new one.
  const auto active = store().ActiveSessions(id);
  ASSERT_EQ(active.size(), 1u);
  EXPECT_NE(active[0], p.session_id);
  EXPECT_EQ(store().sessions.at(p.session_id).revoke_reason, "password_changed");
  EXPECT_TRUE(store().reset_tokens.begin()->second.used);
  EXPECT_EQ(store().events.back().type, "password_changed");
  EXPECT_EQ(store().events.back().details["sessions_revoked"], 2);
  ShareSessions();
  EXPECT_EQ(Authenticate(resp.tokens().access_token()).session_id, active[0]);
  EXPECT_EQ(CodeOf([&] { Authenticate(registered.tokens().access_token()); }), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccountServiceTest, WrongCurrentPasswordsAreLimitedPerAccount) {
  user::Deps deps = inert_.deps();
  deps.limits.login_failures_per_account_per_15min = 2;
  user::AccountService service(deps);
  const std::string id = Register("ada@example.com", "ada").profile().user_id();
  v1::ChangePasswordRequest req;
  req.set_current_password("Wr0ng-password");
  req.set_new_password(kNewPassword);
  v1::ChangePasswordResponse resp;
  EXPECT_EQ(CodeOf([&] { service.ChangePassword(As(id), req, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CodeOf([&] { service.ChangePassword(As(id), req, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_current_password(kPassword);
  EXPECT_EQ(CodeOf([&] { service.ChangePassword(As(id), req, &resp); }), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kPassword));
}

TEST_F(AccountServiceTest, AnAccountWithoutAPasswordCannotChangeOne) {
  store().Add("00000000-0000-4000-8000-00000000000e", "ext@example.com", "ext_0123", "");
  v1::ChangePasswordRequest req;
  req.set_current_password(kPassword);
  req.set_new_password(kNewPassword);
  v1::ChangePasswordResponse resp;
  EXPECT_EQ(CodeOf([&] { service_.ChangePassword(As("00000000-0000-4000-8000-00000000000e"), req, &resp); }),
            grpc::StatusCode::FAILED_PRECONDITION);
}

class PasswordResetTest : public AccountServiceTest {
 protected:
  void RequestReset(const std::string& email) {
    v1::RequestPasswordResetRequest req;
    req.set_email(email);
    service_.RequestPasswordReset(CallContext(), req, nullptr);
  }
  void Reset(const std::string& token, const std::string& password) {
    v1::ResetPasswordRequest req;
    req.set_reset_token(token);
    req.set_new_password(password);
    service_.ResetPassword(CallContext(), req, nullptr);
  }
  std::string SentToken() { return store().outbox.back().payload["reset_token"].get<std::string>(); }
};

TEST_F(PasswordResetTest, AResetLinkGoesOnlyToAnAccountWithAPasswordAndStoresOnlyItsHash) {
  const std::string id = Register("ada.lovelace@example.com", "adalove").profile().user_id();
  store().Add("00000000-0000-4000-8000-00000000000e", "ext@example.com", "ext_0123", "");
  RequestReset("nobody@example.com");
  RequestReset("ext@example.com");
  EXPECT_TRUE(store().outbox.empty());
  EXPECT_TRUE(store().reset_tokens.empty());

  RequestReset(" ADA.Lovelace@example.com");
  ASSERT_EQ(store().outbox.size(), 1u);
  const auto& message = store().outbox.back();
  EXPECT_EQ(message.user_id, id);
  EXPECT_EQ(message.recipient, "ada.lovelace@example.com");
  EXPECT_EQ(message.template_name, "password_reset");
  EXPECT_EQ(store().reset_tokens.count(TokenIssuer::HashOpaqueToken(SentToken())), 1u);
  EXPECT_EQ(store().reset_tokens.count(SentToken()), 0u);
  EXPECT_EQ(store().events.back().type, "password_reset_requested");
}

TEST_F(PasswordResetTest, AResetTokenSetsThePasswordOnceAndRevokesEverySession) {
  const auto registered = Register("ada.lovelace@example.com", "adalove");
  const std::string id = registered.profile().user_id();
  ShareSessions();
  Authenticate(registered.tokens().access_token());
  RequestReset("ada.lovelace@example.com");
  const std::string token = SentToken();

  Reset(token, kNewPassword);
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kNewPassword));
  EXPECT_TRUE(store().ActiveSessions(id).empty());
  EXPECT_EQ(store().events.back().type, "password_reset");
  EXPECT_EQ(store().events.back().details["sessions_revoked"], 1);
  ShareSessions();
  EXPECT_EQ(CodeOf([&] { Authenticate(registered.tokens().access_token()); }), grpc::StatusCode::UNAUTHENTICATED);

  const ApiError again = ErrorOf([&] { Reset(token, "An0ther-Passw0rd"); });
  EXPECT_EQ(again.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(again), "reset_token");
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kNewPassword));
}

TEST_F(PasswordResetTest, AnExpiredResetTokenIsRefused) {
  const std::string id = Register("ada.lovelace@example.com", "adalove").profile().user_id();
  RequestReset("ada.lovelace@example.com");
  store().reset_tokens.begin()->second.expires = std::chrono::system_clock::now() - std::chrono::seconds(1);
  EXPECT_EQ(FieldOf(ErrorOf([&] { Reset(SentToken(), kNewPassword); })), "reset_token");
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kPassword));
  EXPECT_EQ(store().ActiveSessions(id).size(), 1u);
}

TEST_F(PasswordResetTest, APasswordTheAccountsRulesRefuseLeavesTheTokenUsable) {
  const std::string id = Register("ada.lovelace@example.com", "adalove").profile().user_id();
  RequestReset("ada.lovelace@example.com");
  const ApiError weak = ErrorOf([&] { Reset(SentToken(), "Adalove#2024x"); });
  EXPECT_EQ(weak.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(weak), "new_password");
  EXPECT_FALSE(store().reset_tokens.begin()->second.used);
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kPassword));

  Reset(SentToken(), kNewPassword);
  EXPECT_TRUE(password::Verify(store().accounts.at(id).password_hash, kNewPassword));
}

}  // namespace
}  // namespace stylist::testing
