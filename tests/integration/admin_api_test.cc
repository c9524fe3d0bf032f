// Admin calls: the bootstrap key, API keys, roles, user list and audit log.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "common/crypto.h"
#include "server_process.h"
#include "stylist/v1/analysis.grpc.pb.h"
#include "stylist/v1/legacy.grpc.pb.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

class AdminApiTest : public ::testing::Test {
 protected:
  v1::UserService::Stub& users() { return *Shared().users; }
};

TEST_F(AdminApiTest, ServiceKeysCanDoOnlyWhatTheirScopesSay) {
  auto legacy = v1::LegacyService::NewStub(Shared().server->NewChannel());
  auto analysis = v1::AnalysisService::NewStub(Shared().server->NewChannel());
  const auto bridge = MintKey(users(), {v1::API_KEY_SCOPE_LEGACY});
  const auto analyser = MintKey(users(), {v1::API_KEY_SCOPE_ANALYSIS});

  // Neither is an admin: no users, no audit, no keys, no roles.
  for (const auto* key : {&bridge.secret(), &analyser.secret()}) {
    v1::ListUsersResponse users_out;
    EXPECT_EQ(users().ListUsers(KeyCtx(*key).get(), {}, &users_out).error_code(), StatusCode::PERMISSION_DENIED);
    v1::ListAuditEventsResponse audit;
    EXPECT_EQ(users().ListAuditEvents(KeyCtx(*key).get(), {}, &audit).error_code(), StatusCode::PERMISSION_DENIED);
    v1::CreateApiKeyRequest mint;
    mint.set_name("escalate");
    mint.add_scopes(v1::API_KEY_SCOPE_ADMIN);
    v1::CreateApiKeyResponse minted;
    EXPECT_EQ(users().CreateApiKey(KeyCtx(*key).get(), mint, &minted).error_code(), StatusCode::PERMISSION_DENIED);
    v1::SetUserRoleRequest promote;
    promote.set_user_id(RegisterUser(users(), "promote").profile().user_id());
    promote.set_role(v1::ROLE_ADMIN);
    v1::SetUserRoleResponse promoted;
    EXPECT_EQ(users().SetUserRole(KeyCtx(*key).get(), promote, &promoted).error_code(),
              StatusCode::PERMISSION_DENIED);
  }

  // Each reaches its own service, and only its own.
  v1::ListLegacyImagesRequest images;
  images.set_user_id(999999);
  v1::ListLegacyImagesResponse images_out;
  auto status = legacy->ListLegacyImages(KeyCtx(bridge.secret()).get(), images, &images_out);
  EXPECT_NE(status.error_code(), StatusCode::PERMISSION_DENIED) << Describe(status);
  EXPECT_NE(status.error_code(), StatusCode::UNAUTHENTICATED) << Describe(status);
  EXPECT_EQ(legacy->ListLegacyImages(KeyCtx(analyser.secret()).get(), images, &images_out).error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::AnalyzeClothingRequest photo;
  photo.set_image("not an image");
  v1::AnalyzeClothingResponse analysed;
  status = analysis->AnalyzeClothing(KeyCtx(analyser.secret()).get(), photo, &analysed);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << Describe(status);
  EXPECT_EQ(analysis->AnalyzeClothing(KeyCtx(bridge.secret()).get(), photo, &analysed).error_code(),
            StatusCode::PERMISSION_DENIED);

  // A key without scopes is not made.
  v1::CreateApiKeyRequest bare;
  bare.set_name("bare");
  v1::CreateApiKeyResponse made;
  status = users().CreateApiKey(KeyCtx(kBootstrapApiKey).get(), bare, &made);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"scopes"});

  // The admin list shows scopes, expiry and last use.
  v1::ListApiKeysRequest list_req;
  list_req.set_page_size(200);
  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(users().ListApiKeys(KeyCtx(kBootstrapApiKey).get(), list_req, &keys).ok());
  bool seen = false;
  for (const auto& k : keys.api_keys()) {
    if (k.api_key_id() != bridge.api_key().api_key_id()) continue;
    seen = true;
    ASSERT_EQ(k.scopes_size(), 1);
    EXPECT_EQ(k.scopes(0), v1::API_KEY_SCOPE_LEGACY);
    EXPECT_TRUE(k.has_last_use_time());
    EXPECT_FALSE(k.has_expire_time());
  }
  EXPECT_TRUE(seen);
}

TEST_F(AdminApiTest, AKeyBoundToItsOwnLegacyUsersSeesNoOthers) {
  auto legacy = v1::LegacyService::NewStub(Shared().server->NewChannel());
  v1::CreateApiKeyRequest bound_req;
  bound_req.set_name("one app's bridge");
  bound_req.add_scopes(v1::API_KEY_SCOPE_LEGACY);
  bound_req.set_own_legacy_users_only(true);
  v1::CreateApiKeyResponse bound;
  ASSERT_TRUE(users().CreateApiKey(KeyCtx(kBootstrapApiKey).get(), bound_req, &bound).ok());
  EXPECT_TRUE(bound.api_key().own_legacy_users_only());
  const auto open = MintKey(users(), {v1::API_KEY_SCOPE_LEGACY});
  const std::string suffix = std::to_string(::getpid()) + "_" + bound.api_key().api_key_id().substr(0, 8);
  auto create = [&](const std::string& key, const std::string& name) {
    v1::CreateLegacyUserRequest req;
    req.set_username(name + suffix);
    v1::CreateLegacyUserResponse resp;
    const auto status = legacy->CreateLegacyUser(KeyCtx(key).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return resp.user().id();
  };
  const std::int64_t own = create(bound.secret(), "bound_own_");
  const std::int64_t other = create(kBootstrapApiKey, "bound_other_");
  const std::int64_t by_open_key = create(open.secret(), "bound_open_");
  // Its own user: served. Everyone else's: NOT_FOUND, on every route that
  // takes a user id, like an id that does not exist.
  v1::ListLegacyImagesRequest images;
  v1::ListLegacyImagesResponse images_out;
  images.set_user_id(own);
  auto status = legacy->ListLegacyImages(KeyCtx(bound.secret()).get(), images, &images_out);
  EXPECT_TRUE(status.ok()) << Describe(status);
  for (const std::int64_t id : {other, by_open_key}) {
    images.set_user_id(id);
    EXPECT_EQ(legacy->ListLegacyImages(KeyCtx(bound.secret()).get(), images, &images_out).error_code(),
              StatusCode::NOT_FOUND);
    v1::ListLegacyConversationsRequest history;
    history.set_user_id(id);
    v1::ListLegacyConversationsResponse history_out;
    EXPECT_EQ(legacy->ListLegacyConversations(KeyCtx(bound.secret()).get(), history, &history_out).error_code(),
              StatusCode::NOT_FOUND);
    v1::MatchLegacyStylesRequest match;
    match.set_user_id(id);
    v1::MatchLegacyStylesResponse match_out;
    EXPECT_EQ(legacy->MatchLegacyStyles(KeyCtx(bound.secret()).get(), match, &match_out).error_code(),
              StatusCode::NOT_FOUND);
    v1::AskLegacyQuestionRequest ask;
    ask.set_user_id(id);
    ask.set_question("what goes with navy?");
    v1::AskLegacyQuestionResponse answer;
    EXPECT_EQ(legacy->AskLegacyQuestion(KeyCtx(bound.secret()).get(), ask, &answer).error_code(), StatusCode::NOT_FOUND);
    // An unbound legacy key still acts for every legacy user.
    EXPECT_TRUE(legacy->ListLegacyImages(KeyCtx(open.secret()).get(), images, &images_out).ok());
  }
  // Binding makes sense only for a legacy key without admin.
  const std::vector<std::vector<v1::ApiKeyScope>> odd_scopes = {{v1::API_KEY_SCOPE_LEGACY, v1::API_KEY_SCOPE_ADMIN},
                                                               {v1::API_KEY_SCOPE_ANALYSIS}};
  for (const auto& scopes : odd_scopes) {
    v1::CreateApiKeyRequest odd = bound_req;
    odd.clear_scopes();
    for (const auto scope : scopes) odd.add_scopes(scope);
    v1::CreateApiKeyResponse made;
    EXPECT_EQ(ViolatedFields(users().CreateApiKey(KeyCtx(kBootstrapApiKey).get(), odd, &made)),
              std::vector<std::string>{"own_legacy_users_only"});
  }
}

TEST_F(AdminApiTest, AnExpiredKeyIsRefused) {
  const auto soon = std::chrono::system_clock::now() + std::chrono::seconds(3);
  const auto key = MintKey(users(), {v1::API_KEY_SCOPE_ADMIN}, soon);
  EXPECT_TRUE(key.api_key().has_expire_time());
  v1::ListUsersResponse listed;
  EXPECT_TRUE(users().ListUsers(KeyCtx(key.secret()).get(), {}, &listed).ok());
  std::this_thread::sleep_until(soon + std::chrono::milliseconds(200));
  EXPECT_EQ(users().ListUsers(KeyCtx(key.secret()).get(), {}, &listed).error_code(), StatusCode::UNAUTHENTICATED);

  v1::CreateApiKeyRequest past;
  past.set_name("past");
  past.add_scopes(v1::API_KEY_SCOPE_LEGACY);
  past.mutable_expire_time()->set_seconds(1000);
  v1::CreateApiKeyResponse made;
  const auto status = users().CreateApiKey(KeyCtx(kBootstrapApiKey).get(), past, &made);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"expire_time"});
}

TEST_F(AdminApiTest, BootstrapKeyCreatesUsableApiKeysThatCanBeRevoked) {
  v1::CreateApiKeyRequest create;
  create.set_name("admin-tool");
  create.add_scopes(v1::API_KEY_SCOPE_ADMIN);
  v1::CreateApiKeyResponse created;
  auto status = users().CreateApiKey(KeyCtx(kBootstrapApiKey).get(), create, &created);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(created.secret().rfind(created.api_key().prefix() + "_", 0), 0u);
  // Only its hash is stored.
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM api_keys WHERE key_hash = decode('" +
                                   crypto::ToHex(crypto::Sha256(created.secret())) + "', 'hex')"),
            "1");

  v1::ListUsersResponse listed;
  status = users().ListUsers(KeyCtx(created.secret()).get(), {}, &listed);
  EXPECT_TRUE(status.ok()) << Describe(status);
  // Also accepted as a bearer credential.
  EXPECT_TRUE(users().ListUsers(Ctx(created.secret()).get(), {}, &listed).ok());
  // A service key does not act as a user.
  v1::GetProfileResponse profile;
  EXPECT_EQ(users().GetProfile(KeyCtx(created.secret()).get(), {}, &profile).error_code(),
            StatusCode::PERMISSION_DENIED);

  v1::RevokeApiKeyRequest revoke;
  revoke.set_api_key_id(created.api_key().api_key_id());
  v1::RevokeApiKeyResponse revoked;
  ASSERT_TRUE(users().RevokeApiKey(KeyCtx(kBootstrapApiKey).get(), revoke, &revoked).ok());
  // Revocation reaches the key cache within its lifetime (a few seconds).
  StatusCode code = StatusCode::OK;
  for (int i = 0; i < 70; ++i) {
    code = users().ListUsers(KeyCtx(created.secret()).get(), {}, &listed).error_code();
    if (code == StatusCode::UNAUTHENTICATED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(code, StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(users().RevokeApiKey(KeyCtx(kBootstrapApiKey).get(), revoke, &revoked).error_code(),
            StatusCode::NOT_FOUND);

  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(users().ListApiKeys(KeyCtx(kBootstrapApiKey).get(), {}, &keys).ok());
  bool found = false;
  for (const auto& k : keys.api_keys()) {
    if (k.api_key_id() == created.api_key().api_key_id()) {
      found = true;
      EXPECT_TRUE(k.has_revoke_time());
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(AdminApiTest, WrongKeysAreUnauthenticated) {
  v1::ListUsersResponse listed;
  EXPECT_EQ(users().ListUsers(KeyCtx("sk_000000000000_nope").get(), {}, &listed).error_code(),
            StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(users().ListUsers(KeyCtx(std::string(kBootstrapApiKey) + "x").get(), {}, &listed).error_code(),
            StatusCode::UNAUTHENTICATED);
}

TEST_F(AdminApiTest, PromotedAdminListsUsersAndReadsTheAuditLog) {
  std::string password;
  const auto reg = RegisterUser(users(), "admin", &password);
  v1::LoginRequest wrong;
  wrong.set_login(reg.profile().email());
  wrong.set_password("Not-My-Password-1");
  v1::LoginResponse lresp;
  EXPECT_EQ(users().Login(Ctx().get(), wrong, &lresp).error_code(), StatusCode::UNAUTHENTICATED);

  v1::SetUserRoleRequest promote;
  promote.set_user_id(reg.profile().user_id());
  promote.set_role(v1::ROLE_ADMIN);
  v1::SetUserRoleResponse promoted;
  auto status = users().SetUserRole(KeyCtx(kBootstrapApiKey).get(), promote, &promoted);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(promoted.user().role(), v1::ROLE_ADMIN);

  // A fresh sign-in carries the new role.
  v1::LoginRequest login;
  login.set_login(reg.profile().email());
  login.set_password(password);
  ASSERT_TRUE(users().Login(Ctx().get(), login, &lresp).ok());
  const std::string token = lresp.tokens().access_token();

  // Pages through all users without repeats.
  std::set<std::string> seen;
  std::string page_token;
  int pages = 0;
  do {
    v1::ListUsersRequest req;
    req.set_page_size(2);
    req.set_page_token(page_token);
    v1::ListUsersResponse page;
    status = users().ListUsers(Ctx(token).get(), req, &page);
    ASSERT_TRUE(status.ok()) << Describe(status);
    for (const auto& u : page.users()) EXPECT_TRUE(seen.insert(u.user_id()).second) << "repeated " << u.user_id();
    page_token = page.next_page_token();
    ++pages;
  } while (!page_token.empty() && pages < 1000);
  EXPECT_TRUE(seen.count(reg.profile().user_id()));
  EXPECT_EQ(std::to_string(seen.size()), Shared().db.QueryValue("SELECT count(*) FROM users"));

  v1::ListAuditEventsRequest audit;
  audit.set_user_id(reg.profile().user_id());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(users().ListAuditEvents(Ctx(token).get(), audit, &events).ok());
  std::set<std::string> types;
  for (const auto& e : events.audit_events()) types.insert(e.event_type());
  for (const char* t : {"account_registered", "login_failed", "login_succeeded", "role_changed"}) {
    EXPECT_TRUE(types.count(t)) << t;
  }

  v1::ListUsersRequest bad;
  bad.set_page_token("garbage!");
  v1::ListUsersResponse page;
  EXPECT_EQ(users().ListUsers(Ctx(token).get(), bad, &page).error_code(), StatusCode::INVALID_ARGUMENT);
  v1::SetUserRoleRequest unknown;
  unknown.set_user_id("00000000-0000-0000-0000-000000000000");
  unknown.set_role(v1::ROLE_ADMIN);
  EXPECT_EQ(users().SetUserRole(Ctx(token).get(), unknown, &promoted).error_code(), StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace stylist::testing
