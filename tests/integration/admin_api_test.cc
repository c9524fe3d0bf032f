// Admin calls: the bootstrap key, API keys, roles, user list and audit log.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "auth/crypto.h"
#include "server_process.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

std::unique_ptr<grpc::ClientContext> KeyCtx(const std::string& key) {
  auto ctx = Ctx();
  ctx->AddMetadata("x-api-key", key);
  return ctx;
}

class AdminApiTest : public ::testing::Test {
 protected:
  v1::UserService::Stub& users() { return *Shared().users; }
};

TEST_F(AdminApiTest, BootstrapKeyCreatesUsableApiKeysThatCanBeRevoked) {
  v1::CreateApiKeyRequest create;
  create.set_name("legacy-rest-bridge");
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
