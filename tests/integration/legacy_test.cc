// LegacyService access rules (the REST shapes are tested through the
// gateway in gateway/e2e).
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "server_process.h"
#include "stylist/v1/legacy.grpc.pb.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

std::unique_ptr<grpc::ClientContext> KeyCtx() {
  auto ctx = Ctx();
  ctx->AddMetadata("x-api-key", kBootstrapApiKey);
  return ctx;
}

TEST(LegacyAccessTest, ServiceKeysActForAnyoneUsersOnlyForThemselves) {
  auto legacy = v1::LegacyService::NewStub(Shared().server->NewChannel());
  v1::CreateLegacyUserRequest create;
  create.set_username("legacy access " + UniqueEmail("x"));
  v1::CreateLegacyUserResponse created;
  EXPECT_EQ(legacy->CreateLegacyUser(Ctx().get(), create, &created).error_code(), StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(legacy->CreateLegacyUser(KeyCtx().get(), create, &created).ok());
  EXPECT_GT(created.user().id(), 0);
  EXPECT_FALSE(created.user().has_style_preferences());
  EXPECT_EQ(legacy->CreateLegacyUser(KeyCtx().get(), create, &created).error_code(), StatusCode::ALREADY_EXISTS);

  const auto reg = RegisterUser(*Shared().users, "legacytok");
  const std::string token = reg.tokens().access_token();
  v1::CreateLegacyUserRequest by_user;
  by_user.set_username("made by a user " + UniqueEmail("y"));
  EXPECT_EQ(legacy->CreateLegacyUser(Ctx(token).get(), by_user, &created).error_code(), StatusCode::PERMISSION_DENIED);

  v1::ListLegacyImagesRequest list;
  list.set_user_id(created.user().id());
  v1::ListLegacyImagesResponse images;
  // Another user's id is NOT_FOUND to a user token, as a missing id is:
  // which ids exist cannot be probed.
  EXPECT_EQ(legacy->ListLegacyImages(Ctx(token).get(), list, &images).error_code(), StatusCode::NOT_FOUND);
  EXPECT_TRUE(legacy->ListLegacyImages(KeyCtx().get(), list, &images).ok());
  // The user's own legacy id works with their token.
  const std::string own =
      Shared().db.QueryValue("SELECT legacy_id FROM users WHERE id = '" + reg.profile().user_id() + "'");
  list.set_user_id(std::stoll(own));
  EXPECT_TRUE(legacy->ListLegacyImages(Ctx(token).get(), list, &images).ok());
  // A legacy-scope key acts for the legacy apps' users only, not for a
  // Stylist account (an admin key still may).
  v1::CreateApiKeyRequest bridge_req;
  bridge_req.set_name("bridge");
  bridge_req.add_scopes(v1::API_KEY_SCOPE_LEGACY);
  v1::CreateApiKeyResponse bridge;
  ASSERT_TRUE(Shared().users->CreateApiKey(KeyCtx().get(), bridge_req, &bridge).ok());
  auto bridge_ctx = [&] {
    auto ctx = Ctx();
    ctx->AddMetadata("x-api-key", bridge.secret());
    return ctx;
  };
  EXPECT_EQ(legacy->ListLegacyImages(bridge_ctx().get(), list, &images).error_code(), StatusCode::NOT_FOUND);
  v1::ListLegacyConversationsRequest history;
  history.set_user_id(std::stoll(own));
  v1::ListLegacyConversationsResponse history_out;
  EXPECT_EQ(legacy->ListLegacyConversations(bridge_ctx().get(), history, &history_out).error_code(),
            StatusCode::NOT_FOUND);
  list.set_user_id(created.user().id());
  EXPECT_TRUE(legacy->ListLegacyImages(bridge_ctx().get(), list, &images).ok());
  list.set_user_id(0);
  EXPECT_EQ(legacy->ListLegacyImages(KeyCtx().get(), list, &images).error_code(), StatusCode::NOT_FOUND);
}

// Concurrent creations share statements (db::GroupWriter): every name is
// created once whatever the letter case and however the requests were
// batched, the others are told it is taken, and nothing else is written.
TEST(LegacyUsersTest, ConcurrentCreationsEachNameOnceTheRestAlreadyExists) {
  const std::string base = "batch " + UniqueEmail("b");
  constexpr int kNames = 8;
  const char* kSpellings[] = {"name", "NAME", "Name"};
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::map<std::string, int> created_per_name;
  std::set<std::int64_t> ids;
  int taken = 0, other = 0;
  for (int round = 0; round < 3; ++round) {
    for (int n = 0; n < kNames; ++n) {
      threads.emplace_back([&, round, n] {
        auto legacy = v1::LegacyService::NewStub(Shared().server->NewChannel());
        v1::CreateLegacyUserRequest create;
        create.set_username(base + " " + kSpellings[round] + " " + std::to_string(n));
        create.set_style_preferences("round " + std::to_string(round));
        v1::CreateLegacyUserResponse created;
        const auto status = legacy->CreateLegacyUser(KeyCtx().get(), create, &created);
        std::lock_guard lock(mutex);
        if (status.ok()) {
          EXPECT_EQ(created.user().username(), create.username());
          EXPECT_EQ(created.user().style_preferences(), create.style_preferences());
          ++created_per_name[std::to_string(n)];
          ids.insert(created.user().id());
        } else if (status.error_code() == StatusCode::ALREADY_EXISTS) {
          ++taken;
        } else {
          ++other;
        }
      });
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other, 0);
  EXPECT_EQ(taken, 2 * kNames);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kNames));
  for (int n = 0; n < kNames; ++n) EXPECT_EQ(created_per_name[std::to_string(n)], 1) << n;

  // PostgreSQL text cannot hold NUL: refused up front, not truncated.
  auto legacy = v1::LegacyService::NewStub(Shared().server->NewChannel());
  v1::CreateLegacyUserRequest nul;
  nul.set_username(base + " nul");
  nul.set_style_preferences(std::string("casual\0chic", 11));
  v1::CreateLegacyUserResponse created;
  EXPECT_EQ(legacy->CreateLegacyUser(KeyCtx().get(), nul, &created).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM users WHERE username_normalized LIKE lower('" + base +
                                   "') || ' name %'"),
            std::to_string(kNames));
}

TEST(LegacyAccessTest, OpenAccessIsAnExplicitSetting) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_LEGACY_OPEN_ACCESS"] = "true";
  ServerProcess server(env);
  auto legacy = v1::LegacyService::NewStub(server.NewChannel());
  v1::CreateLegacyUserRequest create;
  create.set_username("open");
  create.set_style_preferences("boho");
  v1::CreateLegacyUserResponse created;
  ASSERT_TRUE(legacy->CreateLegacyUser(Ctx().get(), create, &created).ok());
  EXPECT_EQ(created.user().style_preferences(), "boho");
  v1::ListLegacyImagesRequest list;
  list.set_user_id(created.user().id());
  v1::ListLegacyImagesResponse images;
  EXPECT_TRUE(legacy->ListLegacyImages(Ctx().get(), list, &images).ok());

  auto bad = DefaultServerEnv(db.url());
  bad["STYLIST_LEGACY_OPEN_ACCESS"] = "yes";
  EXPECT_THROW(ServerProcess{bad}, std::runtime_error);
}

}  // namespace
}  // namespace stylist::testing
