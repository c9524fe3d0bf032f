// Token lifecycles: refresh rotation and reuse detection, logout, password
// change and reset, external issuer tokens, rate limits and shutdown.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>
#include <mutex>
#include <condition_variable>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/crypto.h"
#include "auth/jwt.h"
#include "server_process.h"
#include "user/notifier.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

class AuthFlowsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { crypto::Init(); }
  v1::UserService::Stub& users() { return *Shared().users; }

  grpc::Status Refresh(const std::string& refresh_token, v1::RefreshTokenResponse* resp) {
    v1::RefreshTokenRequest req;
    req.set_refresh_token(refresh_token);
    return users().RefreshToken(Ctx().get(), req, resp);
  }
  grpc::Status Profile(const std::string& access_token) {
    v1::GetProfileResponse resp;
    return users().GetProfile(Ctx(access_token).get(), {}, &resp);
  }
  grpc::Status Login(const std::string& login, const std::string& password, v1::LoginResponse* resp) {
    v1::LoginRequest req;
    req.set_login(login);
    req.set_password(password);
    return users().Login(Ctx().get(), req, resp);
  }
  // The session cache of the server may keep a revoked session usable for a
  // few seconds on other replicas; within one server revocation is
  // immediate for the revoking call's own cache entry. Poll briefly.
  StatusCode EventualProfileCode(const std::string& access_token, StatusCode want) {
    StatusCode got = Profile(access_token).error_code();
    for (int i = 0; i < 70 && got != want; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      got = Profile(access_token).error_code();
    }
    return got;
  }
};

TEST_F(AuthFlowsTest, RefreshRotatesAndReuseRevokesTheFamily) {
  const auto reg = RegisterUser(users(), "rot");
  v1::RefreshTokenResponse first;
  auto status = Refresh(reg.tokens().refresh_token(), &first);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_NE(first.tokens().refresh_token(), reg.tokens().refresh_token());
  EXPECT_TRUE(Profile(first.tokens().access_token()).ok());

  v1::RefreshTokenResponse second;
  ASSERT_TRUE(Refresh(first.tokens().refresh_token(), &second).ok());

  // Replaying a rotated token: refused, and the whole session is revoked.
  v1::RefreshTokenResponse replay;
  status = Refresh(reg.tokens().refresh_token(), &replay);
  EXPECT_EQ(status.error_code(), StatusCode::UNAUTHENTICATED) << Describe(status);
  EXPECT_EQ(Refresh(second.tokens().refresh_token(), &replay).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(EventualProfileCode(second.tokens().access_token(), StatusCode::UNAUTHENTICATED),
            StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM audit_events WHERE event_type = 'refresh_token_reused' "
                                   "AND user_id = '" + reg.profile().user_id() + "'"),
            "1");
  // Stored only as its SHA-256.
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM refresh_tokens WHERE token_hash = decode('" +
                                   crypto::ToHex(crypto::Sha256(second.tokens().refresh_token())) + "', 'hex')"),
            "1");
}

TEST_F(AuthFlowsTest, RefreshRefusesGarbage) {
  v1::RefreshTokenResponse resp;
  EXPECT_EQ(Refresh("", &resp).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Refresh("not-a-token", &resp).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthFlowsTest, LogoutRevokesThisSessionOnly) {
  std::string password;
  const auto reg = RegisterUser(users(), "logout", &password);
  v1::LoginResponse other;
  ASSERT_TRUE(Login(reg.profile().email(), password, &other).ok());

  v1::LogoutResponse out;
  ASSERT_TRUE(users().Logout(Ctx(reg.tokens().access_token()).get(), {}, &out).ok());
  EXPECT_EQ(Profile(reg.tokens().access_token()).error_code(), StatusCode::UNAUTHENTICATED);
  v1::RefreshTokenResponse resp;
  EXPECT_EQ(Refresh(reg.tokens().refresh_token(), &resp).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Profile(other.tokens().access_token()).ok());

  v1::LogoutRequest all;
  all.set_all_sessions(true);
  ASSERT_TRUE(users().Logout(Ctx(other.tokens().access_token()).get(), all, &out).ok());
  EXPECT_EQ(Profile(other.tokens().access_token()).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthFlowsTest, ChangePasswordRevokesOtherSessions) {
  std::string password;
  const auto reg = RegisterUser(users(), "chpw", &password);
  v1::LoginResponse other;
  ASSERT_TRUE(Login(reg.profile().email(), password, &other).ok());

  v1::ChangePasswordRequest bad;
  bad.set_current_password("Wrong-Password-1");
  bad.set_new_password("Tweed-Jacket-2027");
  v1::ChangePasswordResponse resp;
  auto status = users().ChangePassword(Ctx(reg.tokens().access_token()).get(), bad, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);

  v1::ChangePasswordRequest weak;
  weak.set_current_password(password);
  weak.set_new_password("weak");
  status = users().ChangePassword(Ctx(reg.tokens().access_token()).get(), weak, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(ViolatedFields(status).empty());

  v1::ChangePasswordRequest req;
  req.set_current_password(password);
  req.set_new_password("Tweed-Jacket-2027");
  status = users().ChangePassword(Ctx(reg.tokens().access_token()).get(), req, &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_TRUE(Profile(resp.tokens().access_token()).ok());
  EXPECT_EQ(EventualProfileCode(other.tokens().access_token(), StatusCode::UNAUTHENTICATED),
            StatusCode::UNAUTHENTICATED);
  v1::LoginResponse login;
  EXPECT_EQ(Login(reg.profile().email(), password, &login).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Login(reg.profile().email(), "Tweed-Jacket-2027", &login).ok());
}

TEST_F(AuthFlowsTest, PasswordResetThroughTheOutboxIsSingleUse) {
  std::string password;
  const auto reg = RegisterUser(users(), "reset", &password);
  v1::RequestPasswordResetRequest ask;
  ask.set_email(reg.profile().email());
  v1::RequestPasswordResetResponse asked;
  ASSERT_TRUE(users().RequestPasswordReset(Ctx().get(), ask, &asked).ok());
  // Unknown addresses get the same answer (no account enumeration).
  ask.set_email("nobody-" + reg.profile().email());
  EXPECT_TRUE(users().RequestPasswordReset(Ctx().get(), ask, &asked).ok());

  // The outbox row holds the token sealed, not usable if the table leaks;
  // the mail sender (and this test) open it with the server's key.
  const std::string stored = Shared().db.QueryValue(
      "SELECT payload::text FROM notification_outbox WHERE template = 'password_reset' AND user_id = '" +
      reg.profile().user_id() + "' ORDER BY id DESC LIMIT 1");
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.find("reset_token"), std::string::npos) << stored;
  const std::string token = user::OutboxNotifier::OpenPayload(user::OutboxKey(kTestJwtSecret),
                                                              nlohmann::json::parse(stored))["reset_token"];
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(stored.find(token), std::string::npos) << "the token is in the outbox in plain text";
  EXPECT_THROW(user::OutboxNotifier::OpenPayload(user::OutboxKey("another server's secret, 32 bytes long"),
                                                 nlohmann::json::parse(stored)),
               std::runtime_error);
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM password_reset_tokens WHERE token_hash = decode('" +
                                   crypto::ToHex(crypto::Sha256(token)) + "', 'hex')"),
            "1")
      << "the reset token is stored only as its SHA-256";

  v1::ResetPasswordRequest reset;
  reset.set_reset_token(token);
  reset.set_new_password("short");
  v1::ResetPasswordResponse done;
  EXPECT_EQ(users().ResetPassword(Ctx().get(), reset, &done).error_code(), StatusCode::INVALID_ARGUMENT);
  reset.set_new_password("Velvet-Blazer-2028");
  auto status = users().ResetPassword(Ctx().get(), reset, &done);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(users().ResetPassword(Ctx().get(), reset, &done).error_code(), StatusCode::INVALID_ARGUMENT)
      << "a reset token must work once";

  EXPECT_EQ(EventualProfileCode(reg.tokens().access_token(), StatusCode::UNAUTHENTICATED),
            StatusCode::UNAUTHENTICATED);
  v1::LoginResponse login;
  EXPECT_EQ(Login(reg.profile().email(), password, &login).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Login(reg.profile().email(), "Velvet-Blazer-2028", &login).ok());
}

std::string ExternalToken(const std::string& sub, const std::string& audience, const std::string& secret,
                          const std::string& email = "") {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  nlohmann::json claims = {{"iss", kExternalIssuer}, {"aud", audience}, {"sub", sub},
                           {"iat", now},             {"exp", now + 600}, {"jti", crypto::RandomToken(8)}};
  if (!email.empty()) claims["email"] = email;
  return jwt::SignHs256(claims, secret);
}

TEST_F(AuthFlowsTest, ExternalIssuerTokensMapToALocalUser) {
  crypto::Init();
  const std::string sub = "supabase-" + crypto::RandomToken(8);
  const std::string email = UniqueEmail("ext");
  const std::string token = ExternalToken(sub, kExternalAudience, kExternalSecret, email);
  v1::GetProfileResponse first;
  auto status = users().GetProfile(Ctx(token).get(), {}, &first);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_FALSE(first.profile().user_id().empty());
  v1::GetProfileResponse again;
  ASSERT_TRUE(users().GetProfile(Ctx(ExternalToken(sub, kExternalAudience, kExternalSecret)).get(), {}, &again).ok());
  EXPECT_EQ(again.profile().user_id(), first.profile().user_id());

  v1::GetProfileResponse resp;
  EXPECT_EQ(users().GetProfile(Ctx(ExternalToken(sub, "other-aud", kExternalSecret)).get(), {}, &resp).error_code(),
            StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(users()
                .GetProfile(Ctx(ExternalToken(sub, kExternalAudience, std::string(40, 'z'))).get(), {}, &resp)
                .error_code(),
            StatusCode::UNAUTHENTICATED);
}

TEST(RateLimitTest, LoginAndRegistrationAreLimited) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE"] = "5";
  env["STYLIST_RATE_LOGIN_FAILURES_PER_ACCOUNT"] = "3";
  env["STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR"] = "3";
  env["STYLIST_RATE_REGISTER_TAKEN_PER_ADDRESS_PER_HOUR"] = "2";
  env["STYLIST_RATE_RESET_PER_ADDRESS_PER_HOUR"] = "100";
  env["STYLIST_RATE_RESET_PER_ACCOUNT_PER_HOUR"] = "2";
  ServerProcess server(env);
  auto users = v1::UserService::NewStub(server.NewChannel());
  // Calls from a trusted proxy (127.0.0.1) carry the client's address.
  auto from = [](const std::string& address) {
    auto ctx = Ctx();
    ctx->AddMetadata("x-forwarded-for", address);
    return ctx;
  };

  std::string password;
  v1::RegisterResponse reg;
  {
    v1::RegisterRequest req;
    req.set_email(UniqueEmail("rl"));
    password = "Denim-Jacket-2026";
    req.set_password(password);
    req.set_username("rl_user");
    ASSERT_TRUE(users->Register(from("203.0.113.1").get(), req, &reg).ok());
  }
  // Registration per address: 3 per hour.
  int refused = 0;
  for (int i = 0; i < 4; ++i) {
    v1::RegisterRequest req;
    req.set_email(UniqueEmail("rl"));
    req.set_password("Denim-Jacket-2026");
    req.set_username("rl_user_" + std::to_string(i));
    v1::RegisterResponse resp;
    const auto status = users->Register(from("203.0.113.1").get(), req, &resp);
    if (status.error_code() == StatusCode::RESOURCE_EXHAUSTED) ++refused;
  }
  EXPECT_EQ(refused, 2);

  // "Already taken" answers, which tell whose address exists, are limited
  // tighter still: 2 an hour here, from an address with registrations left.
  std::vector<StatusCode> taken_answers;
  for (int i = 0; i < 3; ++i) {
    v1::RegisterRequest again;
    again.set_email(reg.profile().email());
    again.set_password("Denim-Jacket-2026");
    again.set_username("rl_other_" + std::to_string(i));
    v1::RegisterResponse resp;
    taken_answers.push_back(users->Register(from("203.0.113.50").get(), again, &resp).error_code());
  }
  EXPECT_EQ(taken_answers, (std::vector<StatusCode>{StatusCode::ALREADY_EXISTS, StatusCode::ALREADY_EXISTS,
                                                     StatusCode::RESOURCE_EXHAUSTED}));

  // Failed logins per account, from many addresses (credential stuffing),
  // whichever identifier they use: three free failures by e-mail, then the
  // username is the same account and must wait.
  v1::LoginRequest wrong;
  wrong.set_login(reg.profile().email());
  wrong.set_password("Wrong-Password-9");
  v1::LoginResponse resp;
  int next_address = 0;
  const auto address = [&] { return from("198.51.100." + std::to_string(next_address++ % 250)); };
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(users->Login(address().get(), wrong, &resp).error_code(), StatusCode::UNAUTHENTICATED);
  }
  v1::LoginRequest by_username = wrong;
  by_username.set_login("rl_user");
  auto status = users->Login(address().get(), by_username, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::RESOURCE_EXHAUSTED) << Describe(status);
  EXPECT_NE(status.error_message().find("wait"), std::string::npos) << status.error_message();

  // The attacker's guesses are bounded: hammering for 3.5 s gets at most
  // the guesses the doubling wait lets through (after 1 s, then 2 s), and
  // the hammering itself does not lengthen the wait.
  int judged = 0, refused_early = 0;
  const auto hammer_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(3500);
  while (std::chrono::steady_clock::now() < hammer_until) {
    const auto code = users->Login(address().get(), wrong, &resp).error_code();
    if (code == StatusCode::UNAUTHENTICATED) ++judged;
    if (code == StatusCode::RESOURCE_EXHAUSTED) ++refused_early;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_LE(judged, 2) << "guesses judged while the account waits";
  EXPECT_GT(refused_early, 20);

  // The real user with the right password is not locked out for long: once
  // the current wait (4 s after the attacker's last judged guess, at most)
  // is over, it signs in, by either identifier.
  v1::LoginRequest right = by_username;
  right.set_password(password);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int right_waited = 0;
  while ((status = users->Login(address().get(), right, &resp)).error_code() == StatusCode::RESOURCE_EXHAUSTED &&
         std::chrono::steady_clock::now() < give_up) {
    ++right_waited;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(status.ok()) << Describe(status);

  // Logins per address, whatever the account.
  v1::LoginRequest unknown;
  unknown.set_login("nobody@example.com");
  unknown.set_password("Wrong-Password-9");
  int limited = 0;
  for (int i = 0; i < 7; ++i) {
    unknown.set_login("nobody" + std::to_string(i) + "@example.com");
    if (users->Login(from("192.0.2.7").get(), unknown, &resp).error_code() == StatusCode::RESOURCE_EXHAUSTED) {
      ++limited;
    }
  }
  EXPECT_EQ(limited, 2);

  // Reset requests per account.
  v1::RequestPasswordResetRequest ask;
  ask.set_email(reg.profile().email());
  v1::RequestPasswordResetResponse asked;
  EXPECT_TRUE(users->RequestPasswordReset(from("192.0.2.8").get(), ask, &asked).ok());
  EXPECT_TRUE(users->RequestPasswordReset(from("192.0.2.9").get(), ask, &asked).ok());
  EXPECT_EQ(users->RequestPasswordReset(from("192.0.2.10").get(), ask, &asked).error_code(),
            StatusCode::RESOURCE_EXHAUSTED);
  // Every refusal is audited: the username's, the hammering's, the real
  // user's waits, and the two per address.
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM audit_events WHERE event_type = 'login_rate_limited'"),
            std::to_string(1 + refused_early + right_waited + 2));
}

TEST(ShutdownTest, SigtermDrainsAndExitsCleanly) {
  ScratchDatabase db;
  ServerProcess server(DefaultServerEnv(db.url()));
  auto users = v1::UserService::NewStub(server.NewChannel());
  std::string password;
  const auto reg = RegisterUser(*users, "shutdown", &password);
  // Eight sign-ins at once (Argon2, four workers: two rounds of hashing).
  // Once the first is answered the others are in the server, and SIGTERM
  // then must let them finish, not cut them off.
  constexpr int kCalls = 8;
  std::mutex mu;
  std::condition_variable first_done;
  int answered = 0;
  std::vector<grpc::Status> statuses(kCalls);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCalls; ++i) {
    callers.emplace_back([&, i] {
      v1::LoginRequest req;
      req.set_login(reg.profile().email());
      req.set_password(password);
      v1::LoginResponse resp;
      auto ctx = Ctx();
      ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
      statuses[i] = users->Login(ctx.get(), req, &resp);
      std::lock_guard lock(mu);
      ++answered;
      first_done.notify_all();
    });
  }
  int answered_before_sigterm = 0;
  {
    std::unique_lock lock(mu);
    first_done.wait(lock, [&] { return answered > 0; });
    answered_before_sigterm = answered;
  }
  EXPECT_EQ(server.Stop(), 0) << server.Log();
  for (auto& t : callers) t.join();
  EXPECT_LT(answered_before_sigterm, kCalls) << "no call was in flight at SIGTERM; the test proves nothing";
  for (int i = 0; i < kCalls; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << "call " << i << " was cut off by the shutdown: " << Describe(statuses[i]);
  }
  users.reset();
  const std::string log = server.Log();
  EXPECT_NE(log.find("shutting down"), std::string::npos) << log;
  EXPECT_NE(log.find("\"stopped\""), std::string::npos) << log;
}

TEST(ConfigTest, BadConfigurationFailsAtStartNamingTheSetting) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_JWT_SECRET"] = "too-short";
  try {
    ServerProcess server(env);
    FAIL() << "the server started with a 9-byte JWT secret";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("STYLIST_JWT_SECRET"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stylist::testing
