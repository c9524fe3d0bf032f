// The Authenticator's rules on an in-memory credential store
// (fake_credential_store.h): an access token counts only while its session
// is live (revoked, expired or another user's session refused, a
// revocation on this replica effective at once), an API key is found by its
// prefix and accepted only with the right secret, unexpired and unrevoked
// (and only then recorded as used), and an external issuer's subject maps to
// one account, created on first sight without taking another account's
// email.
#include <gtest/gtest.h>

#include "auth/authenticator.h"
#include "auth/jwt.h"
#include "auth/token_issuer.h"
#include "common/crypto.h"
#include "fake_credential_store.h"
#include "service_test_support.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";
constexpr char kAdaSession[] = "00000000-0000-4000-8000-0000000000a1";
constexpr char kExternalIssuer[] = "https://auth.example.com";
constexpr char kExternalSecret[] = "external-issuer-secret-long-enough-for-hs256";

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest() : issuer_(TestAuth()), authenticator_(Options(), store_) {
    store_.accounts[kAda] = {"user", "ada", "ada@example.com"};
    store_.accounts[kBob] = {"admin", "bob", "bob@example.com"};
    store_.sessions[kAdaSession] = {kAda};
  }
  void SetUp() override { crypto::Init(); }

  static AuthOptions Options() {
    AuthOptions o = TestAuth();
    ExternalIssuer external;
    external.issuer = kExternalIssuer;
    external.audience = "stylist-app";
    external.hs256_secret = kExternalSecret;
    o.external_issuers.push_back(external);
    return o;
  }
  Principal WithToken(const std::string& token, Access access = Access::kUser) {
    return authenticator_.Authenticate({"Bearer " + token, std::nullopt, std::nullopt}, access);
  }
  Principal WithKey(const std::string& key, Access access = Access::kAdmin) {
    return authenticator_.Authenticate({std::nullopt, key, std::nullopt}, access);
  }
  std::string AccessToken(const std::string& user_id, const std::string& session_id) {
    return issuer_.IssueAccessToken(user_id, session_id).token;
  }
  // A stored key with these scopes; returns the whole key (what a client sends).
  std::string AddKey(std::vector<std::string> scopes,
                     std::optional<std::chrono::system_clock::time_point> expires = std::nullopt) {
    std::string prefix;
    const std::string key = Authenticator::NewApiKey(&prefix);
    store_.keys[prefix].key = {"key-" + prefix, TokenIssuer::HashOpaqueToken(key), std::move(scopes), expires, false};
    return key;
  }
  std::string ExternalToken(const std::string& subject, const std::optional<std::string>& email) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    nlohmann::json claims = {{"iss", kExternalIssuer}, {"aud", "stylist-app"}, {"sub", subject},
                             {"iat", now},            {"exp", now + 600}};
    if (email) claims["email"] = *email;
    return jwt::SignHs256(claims, kExternalSecret);
  }

  FakeCredentialStore store_;
  TokenIssuer issuer_;
  Authenticator authenticator_;
};

TEST_F(AuthenticatorTest, AnAccessTokenCountsWhileItsSessionIsLive) {
  const Principal p = WithToken(AccessToken(kAda, kAdaSession));
  EXPECT_EQ(p.kind, Principal::Kind::kUser);
  EXPECT_EQ(p.user_id, kAda);
  EXPECT_EQ(p.session_id, kAdaSession);
  EXPECT_FALSE(p.admin);
}

TEST_F(AuthenticatorTest, ARevokedOrExpiredSessionsTokenIsRefused) {
  store_.sessions[kAdaSession].revoked = true;
  const ApiError revoked = ErrorOf([&] { WithToken(AccessToken(kAda, kAdaSession)); });
  EXPECT_EQ(revoked.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(revoked.what(), "session expired or revoked; sign in again");

  store_.sessions[kAdaSession] = {kAda, false, true};
  EXPECT_EQ(CodeOf([&] { WithToken(AccessToken(kAda, kAdaSession)); }), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthenticatorTest, AnotherUsersSessionDoesNotCount) {
  EXPECT_EQ(CodeOf([&] { WithToken(AccessToken(kBob, kAdaSession)); }), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthenticatorTest, ATokenSignedWithAnotherSecretIsRefusedBeforeAnyLookup) {
  AuthOptions other = TestAuth();
  other.jwt_secret = "another-secret-that-is-long-enough-for-hs256";
  const ApiError forged =
      ErrorOf([&] { WithToken(TokenIssuer(other).IssueAccessToken(kAda, kAdaSession).token); });
  EXPECT_EQ(forged.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(forged.what(), "invalid or expired token; sign in again");
  EXPECT_EQ(store_.session_checks, 0);
}

TEST_F(AuthenticatorTest, ALiveSessionIsRememberedBrieflyAndForgottenOnRevocationHere) {
  const std::string token = AccessToken(kAda, kAdaSession);
  WithToken(token);
  store_.sessions[kAdaSession].revoked = true;  // as another replica would
  EXPECT_EQ(WithToken(token).user_id, kAda);  // within the cache's few seconds
  EXPECT_EQ(store_.session_checks, 1);

  authenticator_.ForgetSession(kAdaSession);  // revoked on this replica: at once
  EXPECT_EQ(CodeOf([&] { WithToken(token); }), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(store_.session_checks, 2);
}

TEST_F(AuthenticatorTest, TheRoleComesFromTheStore) {
  store_.sessions["00000000-0000-4000-8000-0000000000b1"] = {kBob};
  const std::string bob = AccessToken(kBob, "00000000-0000-4000-8000-0000000000b1");
  EXPECT_TRUE(WithToken(bob, Access::kAdmin).admin);
  EXPECT_EQ(CodeOf([&] { WithToken(AccessToken(kAda, kAdaSession), Access::kAdmin); }),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthenticatorTest, AnApiKeyIsFoundByItsPrefixAndAcceptedWithItsSecret) {
  const std::string key = AddKey({"legacy"});
  const std::string prefix = key.substr(3, 12);
  const Principal p = WithKey(key, Access::kLegacy);
  EXPECT_EQ(p.kind, Principal::Kind::kService);
  EXPECT_EQ(p.api_key_id, "key-" + prefix);
  EXPECT_EQ(p.scopes, std::vector<std::string>{"legacy"});
  EXPECT_FALSE(p.admin);
  EXPECT_EQ(store_.keys[prefix].uses, 1);
  // The same key as a bearer token.
  EXPECT_EQ(WithToken(key, Access::kLegacy).api_key_id, "key-" + prefix);
  // A key without the scope a call needs is refused by scope, not as unknown.
  EXPECT_EQ(CodeOf([&] { WithKey(key, Access::kAnalysis); }), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthenticatorTest, AWrongSecretIsRefusedAndTheKeyIsNotRecordedAsUsed) {
  const std::string key = AddKey({"admin"});
  const std::string prefix = key.substr(3, 12);
  std::string forged = key;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  const ApiError wrong = ErrorOf([&] { WithKey(forged); });
  EXPECT_EQ(wrong.code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_STREQ(wrong.what(), "invalid API key");
  EXPECT_EQ(store_.keys[prefix].uses, 0);
  EXPECT_TRUE(WithKey(key).admin);
}

TEST_F(AuthenticatorTest, ExpiredOrRevokedKeysAreRefused) {
  const std::string expired = AddKey({"admin"}, std::chrono::system_clock::now() - std::chrono::seconds(1));
  EXPECT_EQ(ErrorOf([&] { WithKey(expired); }).what(), std::string("invalid API key"));
  EXPECT_EQ(store_.keys[expired.substr(3, 12)].uses, 0);

  const std::string later = AddKey({"admin"}, std::chrono::system_clock::now() + std::chrono::hours(1));
  EXPECT_TRUE(WithKey(later).admin);

  const std::string revoked = AddKey({"admin"});
  store_.keys[revoked.substr(3, 12)].revoked = true;
  EXPECT_EQ(CodeOf([&] { WithKey(revoked); }), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthenticatorTest, AMalformedKeyIsRefusedWithoutALookup) {
  for (const std::string& key : std::vector<std::string>{"sk_short", "sk_0123456789ab-secret", "pk_0123456789ab_secret",
                                                          std::string(300, 'k')}) {
    EXPECT_EQ(CodeOf([&] { WithKey(key); }), grpc::StatusCode::UNAUTHENTICATED) << key;
  }
  EXPECT_EQ(store_.key_lookups, 0);
}

TEST_F(AuthenticatorTest, AnExternalSubjectIsOneAccountCreatedOnFirstSight) {
  const Principal first = WithToken(ExternalToken("subject-1", "new@example.com"));
  EXPECT_TRUE(first.external);
  EXPECT_TRUE(first.session_id.empty());
  ASSERT_TRUE(store_.accounts.count(first.user_id));
  EXPECT_EQ(store_.accounts[first.user_id].email, std::optional<std::string>("new@example.com"));
  EXPECT_EQ(store_.accounts[first.user_id].username.rfind("ext_", 0), 0u);
  EXPECT_EQ(WithToken(ExternalToken("subject-1", "new@example.com")).user_id, first.user_id);
  EXPECT_NE(WithToken(ExternalToken("subject-2", std::nullopt)).user_id, first.user_id);
  EXPECT_EQ(store_.accounts.size(), 4u);
}

TEST_F(AuthenticatorTest, AnExternalAccountNeverTakesALocalAccountsEmail) {
  const Principal p = WithToken(ExternalToken("subject-1", "ADA@example.com"));
  EXPECT_NE(p.user_id, kAda);
  EXPECT_FALSE(store_.accounts[p.user_id].email.has_value());
  EXPECT_EQ(store_.accounts[kAda].email, std::optional<std::string>("ada@example.com"));
}

TEST_F(AuthenticatorTest, AnIssuersProjectVouchesForItsSubjectsAsTheirFirstSignInWould) {
  // The webhook's owner lookup and a later sign-in give one account.
  const std::string id = authenticator_.ExternalAccount(kExternalIssuer, "subject-9");
  EXPECT_EQ(WithToken(ExternalToken("subject-9", std::nullopt)).user_id, id);
  EXPECT_EQ(authenticator_.ExternalAccount(kExternalIssuer, "subject-9"), id);
  EXPECT_EQ(CodeOf([&] { authenticator_.ExternalAccount("https://other.example.com", "subject-9"); }),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AuthenticatorTest, TheDatabaseWebhookTakesItsSecretAndNothingElse) {
  constexpr char kSecret[] = "database-webhook-secret-0123456789abcdef";
  AuthOptions options = Options();
  options.database_webhook_secret = kSecret;
  Authenticator with_webhook(options, store_);
  const auto webhook = [&](Credentials c) { return with_webhook.Authenticate(c, Access::kDatabaseWebhook); };
  const Principal p = webhook({std::nullopt, std::nullopt, kSecret});
  EXPECT_EQ(p.kind, Principal::Kind::kService);
  EXPECT_FALSE(p.admin);
  EXPECT_TRUE(p.user_id.empty());
  for (const std::string& wrong : {std::string(), std::string("database-webhook-secret-0123456789abcdeF"),
                                  std::string(kSecret) + " ", std::string(kSecret).substr(1), std::string(2000, 'x')}) {
    EXPECT_EQ(CodeOf([&] { webhook({std::nullopt, std::nullopt, wrong}); }), grpc::StatusCode::UNAUTHENTICATED)
        << wrong;
  }
  EXPECT_EQ(CodeOf([&] { webhook({std::nullopt, std::nullopt, std::nullopt}); }), grpc::StatusCode::UNAUTHENTICATED);
  // A user or a key, an admin's too, is not the project.
  EXPECT_EQ(CodeOf([&] { webhook({"Bearer " + AccessToken(kAda, kAdaSession), std::nullopt, std::nullopt}); }),
            grpc::StatusCode::PERMISSION_DENIED);
  store_.sessions["00000000-0000-4000-8000-0000000000b1"] = {kBob};  // Bob is an admin
  EXPECT_EQ(CodeOf([&] {
              webhook({"Bearer " + AccessToken(kBob, "00000000-0000-4000-8000-0000000000b1"), std::nullopt,
                       std::nullopt});
            }),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CodeOf([&] { webhook({std::nullopt, AddKey({"analysis", "legacy"}), std::nullopt}); }),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CodeOf([&] { webhook({std::nullopt, AddKey({"admin"}), std::nullopt}); }),
            grpc::StatusCode::PERMISSION_DENIED);
  // The secret opens nothing else, and nothing at all where it is not set.
  EXPECT_EQ(CodeOf([&] { with_webhook.Authenticate({std::nullopt, std::nullopt, kSecret}, Access::kUser); }),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CodeOf([&] { with_webhook.Authenticate({std::nullopt, std::nullopt, kSecret}, Access::kAdmin); }),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CodeOf([&] { authenticator_.Authenticate({std::nullopt, std::nullopt, kSecret}, Access::kDatabaseWebhook); }),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace stylist::testing
