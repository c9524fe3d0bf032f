// Behaviour under stress and failure: a full worker pool, lost database
// connections, oversized requests.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "server_process.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;
using namespace std::chrono_literals;

TEST(ResilienceTest, FullWorkerPoolAnswersResourceExhausted) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_WORKER_THREADS"] = "1";
  env["STYLIST_WORKER_QUEUE"] = "1";
  ServerProcess server(env);
  auto users = v1::UserService::NewStub(server.NewChannel());
  std::string password;
  const auto reg = RegisterUser(*users, "pool", &password);

  // Each Login hashes with Argon2id (tens of ms): 16 at once cannot all fit
  // one worker and a queue of one.
  std::atomic<int> ok{0}, exhausted{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      v1::LoginRequest req;
      req.set_login(reg.profile().email());
      req.set_password(password);
      v1::LoginResponse resp;
      const auto status = users->Login(Ctx().get(), req, &resp);
      if (status.ok()) ++ok;
      else if (status.error_code() == StatusCode::RESOURCE_EXHAUSTED) ++exhausted;
      else ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GE(ok.load(), 1);
  EXPECT_GE(exhausted.load(), 1) << "16 concurrent logins on 1 worker + 1 queue slot all succeeded";
  EXPECT_EQ(other.load(), 0);
  // And it recovers once the burst is over.
  v1::GetProfileResponse profile;
  EXPECT_TRUE(users->GetProfile(Ctx(reg.tokens().access_token()).get(), {}, &profile).ok());
}

TEST(ResilienceTest, LostDatabaseConnectionsAreReplaced) {
  ScratchDatabase db;
  ServerProcess server(DefaultServerEnv(db.url()));
  auto users = v1::UserService::NewStub(server.NewChannel());
  const auto reg = RegisterUser(*users, "dbloss");
  const std::string token = reg.tokens().access_token();
  v1::GetProfileResponse profile;
  ASSERT_TRUE(users->GetProfile(Ctx(token).get(), {}, &profile).ok());

  // What a database restart looks like from the pool: every connection dies.
  const std::string killed = db.QueryValue(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  EXPECT_NE(killed, "0");

  // Calls must not hang; at worst one answers UNAVAILABLE, then they work.
  int ok = 0;
  for (int i = 0; i < 10; ++i) {
    auto ctx = Ctx(token);
    ctx->set_deadline(std::chrono::system_clock::now() + 10s);
    v1::UpdateProfileRequest req;
    req.mutable_profile()->set_display_name("after restart " + std::to_string(i));
    req.mutable_update_mask()->add_paths("display_name");
    v1::UpdateProfileResponse resp;
    const auto status = users->UpdateProfile(ctx.get(), req, &resp);
    if (status.ok()) ++ok;
    else EXPECT_EQ(status.error_code(), StatusCode::UNAVAILABLE) << Describe(status);
  }
  EXPECT_GE(ok, 9);
}

// The public schema as text: every column (type, default, nullability),
// index and constraint, in a fixed order.
std::string SchemaOf(const ScratchDatabase& db) {
  return db.QueryValue(
      "SELECT concat_ws(E'\\n',"
      " (SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||"
      "   coalesce(column_default, ''), E'\\n' ORDER BY table_name, column_name)"
      "  FROM information_schema.columns WHERE table_schema = 'public'),"
      " (SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'),"
      " (SELECT string_agg(conrelid::regclass || ' ' || pg_get_constraintdef(oid), E'\\n' ORDER BY conrelid::regclass::text, conname)"
      "  FROM pg_constraint WHERE connamespace = 'public'::regnamespace))");
}

TEST(ResilienceTest, ReplicasStartingTogetherMigrateOnce) {
  ScratchDatabase db;
  // Three processes at once, each migrating the same empty database.
  std::vector<std::unique_ptr<ServerProcess>> servers;
  for (int i = 0; i < 3; ++i) {
    servers.push_back(std::make_unique<ServerProcess>(DefaultServerEnv(db.url()), /*wait_until_ready=*/false));
  }
  for (auto& server : servers) ASSERT_NO_THROW(server->WaitUntilReady());
  // Each migration file applied once, no more, no fewer...
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(STYLIST_SOURCE_DIR "/db/migrations")) {
    if (entry.path().extension() == ".sql") ++files;
  }
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM schema_migrations"), std::to_string(files));
  // ...and the schema the three made together is the one a single server
  // makes alone, and stays so when a server migrates it again.
  ScratchDatabase alone;
  { ServerProcess single(DefaultServerEnv(alone.url())); }
  const std::string schema = SchemaOf(alone);
  EXPECT_NE(schema.find("clothing_items.id uuid"), std::string::npos) << schema.substr(0, 500);
  EXPECT_NE(schema.find("CREATE UNIQUE INDEX"), std::string::npos);
  EXPECT_EQ(SchemaOf(db), schema);
  { ServerProcess again(DefaultServerEnv(db.url())); }
  EXPECT_EQ(SchemaOf(db), SchemaOf(alone));
  // All three serve the same database.
  auto users = v1::UserService::NewStub(servers[0]->NewChannel());
  std::string password;
  const auto reg = RegisterUser(*users, "replica", &password);
  for (auto& server : servers) {
    v1::LoginRequest req;
    req.set_login(reg.profile().email());
    req.set_password(password);
    v1::LoginResponse resp;
    EXPECT_TRUE(v1::UserService::NewStub(server->NewChannel())->Login(Ctx().get(), req, &resp).ok());
  }
}

TEST(ResilienceTest, OversizedRequestsAreRefused) {
  auto& users = *Shared().users;
  v1::RegisterRequest big;
  big.set_email(UniqueEmail("big"));
  big.set_password("Linen-Shirt-2026");
  big.set_username("big_user");
  big.set_display_name(std::string(9 << 20, 'x'));  // over the 8 MiB default
  v1::RegisterResponse resp;
  EXPECT_EQ(users.Register(Ctx().get(), big, &resp).error_code(), StatusCode::RESOURCE_EXHAUSTED);

  // Header blocks over the metadata limit (16 KiB) do not get through.
  auto ctx = Ctx();
  ctx->AddMetadata("x-padding", std::string(64 << 10, 'p'));
  v1::GetProfileResponse profile;
  const auto status = users.GetProfile(ctx.get(), {}, &profile);
  EXPECT_NE(status.error_code(), StatusCode::OK);
  EXPECT_NE(status.error_code(), StatusCode::UNAUTHENTICATED) << "the oversized header block reached the service";

  // The server is still fine. It closes the offending connection, so a call
  // racing with that may see UNAVAILABLE once; the channel then reconnects.
  StatusCode code = StatusCode::UNAVAILABLE;
  for (int i = 0; i < 50 && code == StatusCode::UNAVAILABLE; ++i) {
    auto after = Ctx();
    after->set_wait_for_ready(true);
    code = users.GetProfile(after.get(), {}, &profile).error_code();
  }
  EXPECT_EQ(code, StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace stylist::testing

namespace stylist::testing {
namespace {

// `stylist-server --migrate` (a deployment's migration job): applies every
// migration and exits 0 without serving.
TEST(ResilienceTest, MigrateOnlyAppliesTheMigrationsAndExits) {
  ScratchDatabase db;
  std::string command = "env -i";
  for (const auto& [name, value] : DefaultServerEnv(db.url())) command += " " + name + "='" + value + "'";
  command += std::string(" STYLIST_METRICS_ADDRESS=off STYLIST_LISTEN_ADDRESS=127.0.0.1:1 ") + STYLIST_SERVER_BINARY +
             " --migrate >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(STYLIST_SOURCE_DIR "/db/migrations")) {
    if (entry.path().extension() == ".sql") ++files;
  }
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM schema_migrations"), std::to_string(files));
}

}  // namespace
}  // namespace stylist::testing
