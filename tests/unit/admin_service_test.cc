// The admin service's rules on an in-memory store (fake_admin_store.h):
// what a service key may be (scopes, binding, expiry) with nothing stored
// when refused, the secret shown once and stored only hashed, who is
// recorded as acting, unknown users and keys, and how the three admin lists
// page.
#include <gtest/gtest.h>

#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "auth/token_issuer.h"
#include "fake_admin_store.h"
#include "service_test_support.h"
#include "user/admin_service.h"

namespace stylist::testing {
namespace {

constexpr char kAdmin[] = "00000000-0000-4000-8000-0000000000ad";
constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";

class AdminServiceTest : public ::testing::Test {
 protected:
  AdminServiceTest() : service_(inert_.deps()) {
    store_.roles[kAda] = "user";
  }

  v1::CreateApiKeyRequest Key(std::initializer_list<v1::ApiKeyScope> scopes) {
    v1::CreateApiKeyRequest req;
    req.set_name("fitness bridge");
    for (auto s : scopes) req.add_scopes(s);
    return req;
  }

  InertUserDeps inert_;
  FakeAdminStore& store_ = inert_.admin;
  user::AdminService service_;
};

TEST_F(AdminServiceTest, AKeyIsShownOnceAndStoredOnlyHashedWithItsMaker) {
  v1::CreateApiKeyResponse resp;
  service_.CreateApiKey(As(kAdmin), Key({v1::API_KEY_SCOPE_LEGACY, v1::API_KEY_SCOPE_LEGACY}), &resp);
  ASSERT_EQ(store_.keys.size(), 1u);
  const auto& stored = store_.keys.begin()->second.key;
  EXPECT_FALSE(resp.secret().empty());
  EXPECT_NE(stored.secret_hash, resp.secret());
  EXPECT_EQ(stored.secret_hash, TokenIssuer::HashOpaqueToken(resp.secret()));
  EXPECT_EQ(resp.secret().rfind(resp.api_key().prefix() + "_", 0), 0u) << resp.secret();
  EXPECT_EQ(stored.scopes, "legacy");  // duplicates dropped
  EXPECT_EQ(stored.created_by, std::optional<std::string>(kAdmin));
  EXPECT_EQ(store_.audited.back().first, "api_key_created");
  EXPECT_EQ(store_.audited.back().second["api_key_id"], resp.api_key().api_key_id());
  EXPECT_EQ(store_.audited.back().second.dump().find(resp.secret()), std::string::npos);

  // Made with a service key rather than by a user: no user is its maker.
  CallContext by_key;
  by_key.principal.kind = Principal::Kind::kService;
  by_key.principal.api_key_id = "bootstrap";
  service_.CreateApiKey(by_key, Key({v1::API_KEY_SCOPE_ANALYSIS}), &resp);
  EXPECT_FALSE(store_.keys.rbegin()->second.key.created_by.has_value());
}

TEST_F(AdminServiceTest, KeysThatCannotBeRightAreRefusedAndNothingIsStored) {
  v1::CreateApiKeyResponse resp;
  EXPECT_EQ(CodeOf([&] { service_.CreateApiKey(As(kAdmin), Key({}), &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  auto nameless = Key({v1::API_KEY_SCOPE_LEGACY});
  nameless.clear_name();
  EXPECT_EQ(CodeOf([&] { service_.CreateApiKey(As(kAdmin), nameless, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  // Bound to its own legacy users: needs the legacy scope, and admin would act for everyone.
  auto bound = Key({v1::API_KEY_SCOPE_ANALYSIS});
  bound.set_own_legacy_users_only(true);
  EXPECT_EQ(CodeOf([&] { service_.CreateApiKey(As(kAdmin), bound, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  bound = Key({v1::API_KEY_SCOPE_LEGACY, v1::API_KEY_SCOPE_ADMIN});
  bound.set_own_legacy_users_only(true);
  EXPECT_EQ(CodeOf([&] { service_.CreateApiKey(As(kAdmin), bound, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  auto expired = Key({v1::API_KEY_SCOPE_LEGACY});
  *expired.mutable_expire_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  EXPECT_EQ(CodeOf([&] { service_.CreateApiKey(As(kAdmin), expired, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(store_.keys.empty());
  EXPECT_TRUE(store_.audited.empty());
}

TEST_F(AdminServiceTest, AKeyIsRevokedOnceAndUnknownKeysAreNotFound) {
  v1::CreateApiKeyResponse made;
  service_.CreateApiKey(As(kAdmin), Key({v1::API_KEY_SCOPE_LEGACY}), &made);
  v1::RevokeApiKeyRequest req;
  req.set_api_key_id("not-an-id");
  EXPECT_EQ(CodeOf([&] { service_.RevokeApiKey(As(kAdmin), req, nullptr); }), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_api_key_id(made.api_key().api_key_id());
  service_.RevokeApiKey(As(kAdmin), req, nullptr);
  EXPECT_TRUE(store_.keys.begin()->second.revoked);
  EXPECT_EQ(CodeOf([&] { service_.RevokeApiKey(As(kAdmin), req, nullptr); }), grpc::StatusCode::NOT_FOUND);
}

TEST_F(AdminServiceTest, RolesChangeForKnownUsersWithTheActorRecorded) {
  v1::SetUserRoleRequest req;
  req.set_user_id(kAda);
  req.set_role(v1::ROLE_UNSPECIFIED);
  v1::SetUserRoleResponse resp;
  EXPECT_EQ(CodeOf([&] { service_.SetUserRole(As(kAdmin), req, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_role(v1::ROLE_ADMIN);
  req.set_user_id("00000000-0000-4000-8000-0000000000ff");
  EXPECT_EQ(CodeOf([&] { service_.SetUserRole(As(kAdmin), req, &resp); }), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(store_.audited.empty());

  req.set_user_id(kAda);
  service_.SetUserRole(As(kAdmin), req, &resp);
  EXPECT_EQ(resp.user().role(), v1::ROLE_ADMIN);
  EXPECT_EQ(store_.roles[kAda], "admin");
  EXPECT_EQ(store_.audited.back().second["by"], kAdmin);
  CallContext by_key;
  by_key.principal.kind = Principal::Kind::kService;
  by_key.principal.api_key_id = "k1";
  req.set_role(v1::ROLE_USER);
  service_.SetUserRole(by_key, req, &resp);
  EXPECT_EQ(store_.audited.back().second["by"], "api_key:k1");
}

TEST_F(AdminServiceTest, UsersPageInCreationOrderAndAForeignTokenIsRefused) {
  store_.roles["00000000-0000-4000-8000-00000000000b"] = "admin";
  store_.roles["00000000-0000-4000-8000-00000000000c"] = "user";
  v1::ListUsersRequest req;
  req.set_page_size(2);
  v1::ListUsersResponse first, second;
  service_.ListUsers(As(kAdmin), req, &first);
  ASSERT_EQ(first.users_size(), 2);
  EXPECT_EQ(first.users(0).user_id(), kAda);
  EXPECT_EQ(first.users(1).role(), v1::ROLE_ADMIN);
  ASSERT_FALSE(first.next_page_token().empty());
  req.set_page_token(first.next_page_token());
  service_.ListUsers(As(kAdmin), req, &second);
  ASSERT_EQ(second.users_size(), 1);
  EXPECT_EQ(second.users(0).user_id(), "00000000-0000-4000-8000-00000000000c");
  EXPECT_TRUE(second.next_page_token().empty());

  v1::ListApiKeysRequest keys;
  keys.set_page_token(first.next_page_token());  // a users token is no keys token
  v1::ListApiKeysResponse listed;
  EXPECT_EQ(CodeOf([&] { service_.ListApiKeys(As(kAdmin), keys, &listed); }), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_page_token("not-a-token");
  EXPECT_EQ(CodeOf([&] { service_.ListUsers(As(kAdmin), req, &second); }), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AdminServiceTest, KeysPageByIdShowingOnlyTheirPrefix) {
  for (int i = 0; i < 3; ++i) {
    v1::CreateApiKeyResponse made;
    service_.CreateApiKey(As(kAdmin), Key({v1::API_KEY_SCOPE_LEGACY}), &made);
  }
  v1::ListApiKeysRequest req;
  req.set_page_size(2);
  std::vector<std::string> seen;
  for (int page = 0; page < 3; ++page) {
    v1::ListApiKeysResponse resp;
    service_.ListApiKeys(As(kAdmin), req, &resp);
    for (const auto& k : resp.api_keys()) {
      seen.push_back(k.api_key_id());
      EXPECT_EQ(k.prefix().rfind("sk_", 0), 0u);
      EXPECT_LT(k.prefix().size(), 20u) << "only the prefix, never the secret";
    }
    if (resp.next_page_token().empty()) break;
    req.set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_F(AdminServiceTest, AuditEventsPageNewestFirstFilteredByTypeAndUser) {
  for (const char* who : {kAda, kAdmin, kAda}) {
    v1::SetUserRoleRequest req;
    req.set_user_id(who);
    req.set_role(v1::ROLE_ADMIN);
    v1::SetUserRoleResponse resp;
    if (store_.roles.count(who) == 0) store_.roles[who] = "user";
    service_.SetUserRole(As(kAdmin), req, &resp);
  }
  v1::CreateApiKeyResponse made;
  service_.CreateApiKey(As(kAdmin), Key({v1::API_KEY_SCOPE_LEGACY}), &made);
  ASSERT_EQ(store_.audited.size(), 4u);

  v1::ListAuditEventsRequest req;
  req.set_event_type("role_changed");
  req.set_page_size(2);
  v1::ListAuditEventsResponse first, second;
  service_.ListAuditEvents(As(kAdmin), req, &first);
  ASSERT_EQ(first.audit_events_size(), 2);
  EXPECT_EQ(first.audit_events(0).audit_event_id(), "3");
  EXPECT_EQ(first.audit_events(1).audit_event_id(), "2");
  req.set_page_token(first.next_page_token());
  service_.ListAuditEvents(As(kAdmin), req, &second);
  ASSERT_EQ(second.audit_events_size(), 1);
  EXPECT_EQ(second.audit_events(0).audit_event_id(), "1");
  EXPECT_TRUE(second.next_page_token().empty());

  req.clear_page_token();
  req.set_user_id("not-a-user-id");
  EXPECT_EQ(CodeOf([&] { service_.ListAuditEvents(As(kAdmin), req, &second); }), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_user_id("");
  req.set_event_type(std::string(65, 'x'));
  EXPECT_EQ(CodeOf([&] { service_.ListAuditEvents(As(kAdmin), req, &second); }), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace stylist::testing
