// Sign-in with tokens of external identity providers, through a real server:
// a Supabase project (HS256) and an OIDC issuer whose keys come from a JWKS
// URL served here, rotated mid-test. Accounts are linked by issuer and
// subject, never by e-mail; claims never make an admin.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <mutex>
#include <nlohmann/json.hpp>

#include "auth/jwt.h"
#include "common/crypto.h"
#include "http_test_server.h"
#include "server_process.h"
#include "support/test_keys.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

constexpr char kSupabaseUrl[] = "https://abcd.supabase.test";
constexpr char kSupabaseIssuer[] = "https://abcd.supabase.test/auth/v1";
constexpr char kSupabaseSecret[] = "supabase-project-jwt-secret-0123456789abcdef";
constexpr char kOidcIssuer[] = "https://securetoken.google.test/stylist-test";
constexpr char kOidcAudience[] = "stylist-test";

long long Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// What Supabase Auth puts in an access token (no jti), with a role and app
// metadata that must grant nothing here.
nlohmann::json SupabaseClaims(const std::string& sub, const std::string& email) {
  return {{"iss", kSupabaseIssuer},
          {"aud", "authenticated"},
          {"sub", sub},
          {"email", email},
          {"role", "service_role"},
          {"app_metadata", {{"provider", "email"}, {"role", "admin"}, {"roles", {"admin"}}}},
          {"aal", "aal1"},
          {"iat", Now()},
          {"exp", Now() + 3600}};
}

nlohmann::json OidcClaims(const std::string& sub) {
  return {{"iss", kOidcIssuer}, {"aud", kOidcAudience}, {"sub", sub},        {"user_id", sub},
          {"iat", Now()},       {"exp", Now() + 3600},  {"admin", true}, {"firebase", {{"sign_in_provider", "password"}}}};
}

// The identity provider's key set endpoint: serves `jwks`, or 503 while down.
class JwksEndpoint {
 public:
  JwksEndpoint()
      : server_([this](const HttpRequest& req, int fd) {
          std::lock_guard lock(mu_);
          ++fetches_;
          if (down_ || req.target != "/jwks.json") {
            HttpTestServer::SendAll(fd, HttpTestServer::Response(503, "Unavailable", "text/plain", "down"));
            return;
          }
          HttpTestServer::SendAll(fd, HttpTestServer::Response(200, "OK", "application/json", jwks_));
        }) {}
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/jwks.json"; }
  void Serve(std::string jwks) {
    std::lock_guard lock(mu_);
    jwks_ = std::move(jwks);
  }
  void SetDown(bool down) {
    std::lock_guard lock(mu_);
    down_ = down;
  }
  int fetches() {
    std::lock_guard lock(mu_);
    return fetches_;
  }

 private:
  std::mutex mu_;
  std::string jwks_;
  bool down_ = false;
  int fetches_ = 0;
  HttpTestServer server_;
};

class ExternalIdentityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    crypto::Init();
    key1_ = new TestKey(TestKey::Generate("RS256", "key-2026-a"));
    key2_ = new TestKey(TestKey::Generate("RS256", "key-2026-b"));
    jwks_ = new JwksEndpoint();
    jwks_->Serve(JwksOf({key1_}));
    db_ = new ScratchDatabase();
    auto env = DefaultServerEnv(db_->url());
    env["STYLIST_SUPABASE_URL"] = kSupabaseUrl;
    env["STYLIST_SUPABASE_JWT_SECRET"] = kSupabaseSecret;
    env["STYLIST_EXTERNAL_JWT_ISSUER"] = kOidcIssuer;
    env["STYLIST_EXTERNAL_JWT_AUDIENCE"] = kOidcAudience;
    env["STYLIST_EXTERNAL_JWT_JWKS_URL"] = jwks_->url();
    env["STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH"] = "100ms";
    server_ = new ServerProcess(env);
    users_ = v1::UserService::NewStub(server_->NewChannel()).release();
  }
  static void TearDownTestSuite() {
    delete users_;
    users_ = nullptr;
    delete server_;
    server_ = nullptr;
    delete db_;
    db_ = nullptr;
    delete jwks_;
    jwks_ = nullptr;
    delete key1_;
    key1_ = nullptr;
    delete key2_;
    key2_ = nullptr;
  }
  // Each test starts with the provider up and serving key 1, whatever the
  // test before it rotated (the order is random). The pause lets an unknown
  // kid fetch the set again (STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH is 100 ms).
  void SetUp() override {
    ASSERT_NE(server_, nullptr) << "the suite's server did not start";
    jwks_->SetDown(false);
    jwks_->Serve(JwksOf({key1_}));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  static grpc::Status Profile(const std::string& token, v1::GetProfileResponse* resp) {
    return users_->GetProfile(Ctx(token).get(), {}, resp);
  }
  static StatusCode ProfileCode(const std::string& token) {
    v1::GetProfileResponse resp;
    return Profile(token, &resp).error_code();
  }
  static std::string UserOf(const std::string& token) {
    v1::GetProfileResponse resp;
    const auto status = Profile(token, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return resp.profile().user_id();
  }

  static TestKey* key1_;
  static TestKey* key2_;
  static JwksEndpoint* jwks_;
  static ScratchDatabase* db_;
  static ServerProcess* server_;
  static v1::UserService::Stub* users_;
};
TestKey* ExternalIdentityTest::key1_ = nullptr;
TestKey* ExternalIdentityTest::key2_ = nullptr;
JwksEndpoint* ExternalIdentityTest::jwks_ = nullptr;
ScratchDatabase* ExternalIdentityTest::db_ = nullptr;
ServerProcess* ExternalIdentityTest::server_ = nullptr;
v1::UserService::Stub* ExternalIdentityTest::users_ = nullptr;

TEST_F(ExternalIdentityTest, ASupabaseTokenSignsInOneAccountThatItsClaimsCannotMakeAdmin) {
  const std::string sub = "8d0fd2b3-9ca7-4e53-9c2b-" + crypto::ToHex(crypto::RandomBytes(6));
  const std::string email = UniqueEmail("supa");
  const std::string token = jwt::SignHs256(SupabaseClaims(sub, email), kSupabaseSecret);
  const std::string user = UserOf(token);
  ASSERT_FALSE(user.empty());
  EXPECT_EQ(UserOf(jwt::SignHs256(SupabaseClaims(sub, email), kSupabaseSecret)), user) << "the same account again";
  // service_role and app_metadata.role=admin are only claims.
  v1::ListUsersResponse listed;
  EXPECT_EQ(users_->ListUsers(Ctx(token).get(), {}, &listed).error_code(), StatusCode::PERMISSION_DENIED);
  // Signed with another secret, or for another audience: refused.
  EXPECT_EQ(ProfileCode(jwt::SignHs256(SupabaseClaims(sub, email), std::string(44, 'k'))), StatusCode::UNAUTHENTICATED);
  auto anon = SupabaseClaims(sub, email);
  anon["aud"] = "anon";
  EXPECT_EQ(ProfileCode(jwt::SignHs256(anon, kSupabaseSecret)), StatusCode::UNAUTHENTICATED);
  // The project's anon key is a JWT too (iss "supabase", no sub): refused.
  const nlohmann::json anon_key = {{"iss", "supabase"}, {"ref", "abcd"}, {"role", "anon"}, {"iat", Now()}, {"exp", Now() + 3600}};
  EXPECT_EQ(ProfileCode(jwt::SignHs256(anon_key, kSupabaseSecret)), StatusCode::UNAUTHENTICATED);
}

// The attacks the local tokens survive, on the Supabase issuer (HS256
// pinned): each is refused, and none makes an account.
TEST_F(ExternalIdentityTest, SupabaseTokensRefuseEveryAttack) {
  const std::string sub = "7c9e6679-7425-40de-944b-" + crypto::ToHex(crypto::RandomBytes(6));
  const std::string email = UniqueEmail("supabase-attack");
  const auto claims = SupabaseClaims(sub, email);
  const std::string good = jwt::SignHs256(claims, kSupabaseSecret);
  EXPECT_EQ(ProfileCode(good.substr(0, good.rfind('.') + 1)), StatusCode::UNAUTHENTICATED) << "signature dropped";
  const std::string unsigned_token = crypto::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                                     crypto::Base64UrlEncode(claims.dump()) + ".";
  EXPECT_EQ(ProfileCode(unsigned_token), StatusCode::UNAUTHENTICATED) << "alg none";
  EXPECT_EQ(ProfileCode(key1_->Sign(claims)), StatusCode::UNAUTHENTICATED)
      << "RS256 on the HS256 issuer (its key set trusted for another issuer)";
  for (const auto& [member, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"aud", "anon"}, {"iss", "https://other.supabase.test/auth/v1"}, {"iss", kSupabaseUrl},
           {"exp", Now() - 120}, {"nbf", Now() + 600}, {"sub", ""}}) {
    auto bad = claims;
    bad[member] = value;
    EXPECT_EQ(ProfileCode(jwt::SignHs256(bad, kSupabaseSecret)), StatusCode::UNAUTHENTICATED)
        << member << " = " << value;
  }
  const std::string accounts = "SELECT count(*) FROM users WHERE external_subject = '" + sub + "'";
  EXPECT_EQ(db_->QueryValue(accounts), "0") << "a refused token makes no account";
  EXPECT_FALSE(UserOf(good).empty()) << "the genuine token signs in";
  EXPECT_EQ(db_->QueryValue(accounts), "1");
}

TEST_F(ExternalIdentityTest, AccountsAreLinkedByIssuerAndSubjectNeverByEmail) {
  std::string password;
  const auto local = RegisterUser(*users_, "localsame", &password);
  const std::string email = local.profile().email();
  // A Supabase user claiming the local user's address gets an account of
  // their own; the local account is untouched.
  const std::string sub = "sub-" + crypto::RandomToken(8);
  const std::string supabase_user = UserOf(jwt::SignHs256(SupabaseClaims(sub, email), kSupabaseSecret));
  EXPECT_NE(supabase_user, local.profile().user_id());
  // The same subject at another issuer is another person.
  const std::string oidc_user = UserOf(key1_->Sign(OidcClaims(sub)));
  EXPECT_NE(oidc_user, supabase_user);
  EXPECT_NE(oidc_user, local.profile().user_id());
  v1::GetProfileResponse mine;
  ASSERT_TRUE(Profile(local.tokens().access_token(), &mine).ok());
  EXPECT_EQ(mine.profile().user_id(), local.profile().user_id());
}

TEST_F(ExternalIdentityTest, OidcKeysRotateThroughTheJwksUrlAndEveryAttackIsRefused) {
  jwks_->Serve(JwksOf({key1_}));
  const std::string sub = "firebase-" + crypto::RandomToken(8);
  const std::string user = UserOf(key1_->Sign(OidcClaims(sub)));
  ASSERT_FALSE(user.empty());
  v1::ListUsersResponse listed;
  EXPECT_EQ(users_->ListUsers(Ctx(key1_->Sign(OidcClaims(sub))).get(), {}, &listed).error_code(),
            StatusCode::PERMISSION_DENIED)
      << "an admin claim grants nothing";

  // Refused: each attack the local tokens survive, on the external issuer.
  auto claims = OidcClaims(sub);
  const std::string good = key1_->Sign(claims);
  EXPECT_EQ(ProfileCode(good.substr(0, good.rfind('.') + 1)), StatusCode::UNAUTHENTICATED) << "signature dropped";
  {
    const std::string none = key1_->Sign(claims, {{"alg", "none"}});
    EXPECT_EQ(ProfileCode(none.substr(0, none.rfind('.') + 1)), StatusCode::UNAUTHENTICATED) << "alg none";
  }
  EXPECT_EQ(ProfileCode(jwt::SignHs256(claims, key1_->PublicPem())), StatusCode::UNAUTHENTICATED)
      << "HS256 keyed with the public key (key confusion)";
  const TestKey stranger = TestKey::Generate("RS256", key1_->kid());
  EXPECT_EQ(ProfileCode(stranger.Sign(claims)), StatusCode::UNAUTHENTICATED) << "another key under a known kid";
  // (An issuer no one trusts is refused too; its token never reaches the
  // OIDC verifier, whose own iss check tests/unit/jwks_test.cc pins.)
  for (const auto& [member, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"aud", "another-project"}, {"iss", "https://securetoken.google.test/other"},
           {"exp", Now() - 120}, {"nbf", Now() + 600}, {"sub", ""}}) {
    auto bad = claims;
    bad[member] = value;
    EXPECT_EQ(ProfileCode(key1_->Sign(bad)), StatusCode::UNAUTHENTICATED) << member << " = " << value;
  }

  // The provider rotates: key 2 in, key 1 withdrawn. A token under the new
  // kid fetches the set again and signs the same person in.
  const int fetches = jwks_->fetches();
  jwks_->Serve(JwksOf({key2_}));
  // Unknown kids fetch the set at most once per STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH
  // (100 ms here), and the tokens above may have just fetched it.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(UserOf(key2_->Sign(OidcClaims(sub))), user);
  EXPECT_GT(jwks_->fetches(), fetches);
  EXPECT_EQ(ProfileCode(key1_->Sign(OidcClaims(sub))), StatusCode::UNAUTHENTICATED) << "a withdrawn key";
  // The provider goes down. A token with a new kid makes the set fetched
  // (and fail): UNAVAILABLE, a retry, not a sign-out; known keys keep
  // working.
  jwks_->SetDown(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  const TestKey key3 = TestKey::Generate("RS256", "key-2027-a");
  const int before_outage = jwks_->fetches();
  EXPECT_EQ(ProfileCode(key3.Sign(OidcClaims(sub))), StatusCode::UNAVAILABLE);
  EXPECT_GT(jwks_->fetches(), before_outage);
  EXPECT_EQ(UserOf(key2_->Sign(OidcClaims(sub))), user);
  jwks_->SetDown(false);
}

}  // namespace
}  // namespace stylist::testing
