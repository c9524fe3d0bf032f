// The Supabase project's database webhook, through a real server whose
// project is a storage server in this process: a new clothing_items row
// becomes an item of its owner (the account their Supabase token signs
// in to), with the photo fetched from storage and analysed; redeliveries
// and concurrent deliveries import once; the secret is required; a photo
// late in storage is fetched on a retry, one that never comes marks the
// analysis failed.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <nlohmann/json.hpp>
#include <thread>

#include "auth/jwt.h"
#include "common/crypto.h"
#include "http_test_server.h"
#include "server_process.h"
#include "stylist/v1/wardrobe.grpc.pb.h"
#include "stylist/v1/webhook.grpc.pb.h"

namespace stylist::testing {
namespace {

using namespace std::chrono_literals;
using grpc::StatusCode;
using Outcome = v1::HandleDatabaseEventResponse;

constexpr char kSupabaseSecret[] = "supabase-project-jwt-secret-for-imports-0123456789";
constexpr char kWebhookSecret[] = "webhook-secret-for-imports-0123456789abcdef";

// The project's storage: objects by path, each answering 404 for its first
// `misses` requests (an upload that ends after the row is inserted); a held
// object's answer waits until it is released.
class Storage {
 public:
  Storage()
      : server_([this](const HttpRequest& req, int fd) {
          std::unique_lock lock(mu_);
          ++requests_[req.target];
          changed_.notify_all();
          changed_.wait(lock, [&] { return !held_.count(req.target); });
          auto it = objects_.find(req.target);
          if (it == objects_.end() || it->second.misses-- > 0) {
            HttpTestServer::SendAll(fd, HttpTestServer::Response(404, "Not Found", "application/json",
                                                                 R"({"error":"not_found"})"));
            return;
          }
          HttpTestServer::SendAll(fd, HttpTestServer::Response(200, "OK", it->second.type, it->second.bytes));
        }) {}
  std::string project_url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  std::string Put(const std::string& name, std::string bytes, int misses = 0, std::string type = "image/jpeg") {
    const std::string path = "/storage/v1/object/public/wardrobe/" + name;
    std::lock_guard lock(mu_);
    objects_[path] = {std::move(bytes), std::move(type), misses};
    return project_url() + path;
  }
  int requests(const std::string& url) {
    std::lock_guard lock(mu_);
    return requests_[url.substr(project_url().size())];
  }
  void Hold(const std::string& url) {
    std::lock_guard lock(mu_);
    held_.insert(url.substr(project_url().size()));
  }
  void Release(const std::string& url) {
    std::lock_guard lock(mu_);
    held_.erase(url.substr(project_url().size()));
    changed_.notify_all();
  }
  // Waits (up to 10 s) until the object has been asked for.
  bool WaitForRequest(const std::string& url) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10),
                             [&] { return requests_[url.substr(project_url().size())] > 0; });
  }

 private:
  struct Object {
    std::string bytes, type;
    int misses = 0;
  };
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, Object> objects_;
  std::map<std::string, int> requests_;
  std::set<std::string> held_;
  HttpTestServer server_;
};

long long Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class ItemImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    crypto::Init();
    storage_ = new Storage();
    db_ = new ScratchDatabase();
    auto env = DefaultServerEnv(db_->url());
    env["STYLIST_SUPABASE_URL"] = storage_->project_url();
    env["STYLIST_SUPABASE_JWT_SECRET"] = kSupabaseSecret;
    env["STYLIST_SUPABASE_WEBHOOK_SECRET"] = kWebhookSecret;
    env["STYLIST_ANALYSIS_MAX_ATTEMPTS"] = "3";
    env["STYLIST_SUPABASE_PHOTO_TIMEOUT"] = "5s";
    server_ = new ServerProcess(env);
    webhooks_ = v1::DatabaseWebhookService::NewStub(server_->NewChannel()).release();
    wardrobe_ = v1::WardrobeService::NewStub(server_->NewChannel()).release();
  }
  static void TearDownTestSuite() {
    delete wardrobe_;
    wardrobe_ = nullptr;
    delete webhooks_;
    webhooks_ = nullptr;
    delete server_;
    server_ = nullptr;
    delete db_;
    db_ = nullptr;
    delete storage_;
    storage_ = nullptr;
  }

  // Supabase's body for a new clothing_items row.
  static v1::HandleDatabaseEventRequest Insert(const std::string& id, const std::string& user,
                                               const std::string& image_url) {
    v1::HandleDatabaseEventRequest event;
    event.set_type("INSERT");
    event.set_schema("public");
    event.set_table("clothing_items");
    auto& fields = *event.mutable_record()->mutable_fields();
    fields["id"].set_string_value(id);
    fields["user_id"].set_string_value(user);
    fields["name"].set_string_value("Striped tee");
    fields["category"].set_string_value("tops");
    fields["brand"].set_string_value("Acme");
    fields["created_at"].set_string_value("2026-12-05T10:00:00+00:00");
    if (!image_url.empty()) fields["image_url"].set_string_value(image_url);
    event.mutable_old_record();
    return event;
  }
  static std::unique_ptr<grpc::ClientContext> WebhookCtx(const std::string& secret = kWebhookSecret) {
    auto ctx = Ctx();
    if (!secret.empty()) ctx->AddMetadata("x-webhook-secret", secret);
    return ctx;
  }
  static grpc::Status Deliver(const v1::HandleDatabaseEventRequest& event, Outcome* resp,
                              const std::string& secret = kWebhookSecret) {
    return webhooks_->HandleDatabaseEvent(WebhookCtx(secret).get(), event, resp);
  }
  // What the owner's Supabase access token is.
  static std::string TokenOf(const std::string& sub) {
    const nlohmann::json claims = {{"iss", storage_->project_url() + "/auth/v1"},
                                   {"aud", "authenticated"},
                                   {"sub", sub},
                                   {"role", "authenticated"},
                                   {"iat", Now()},
                                   {"exp", Now() + 3600}};
    return jwt::SignHs256(claims, kSupabaseSecret);
  }
  static std::vector<v1::ClothingItem> ItemsOf(const std::string& sub) {
    v1::ListItemsResponse resp;
    const auto status = wardrobe_->ListItems(Ctx(TokenOf(sub)).get(), {}, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return {resp.items().begin(), resp.items().end()};
  }
  // The item once its photo import and analysis have settled (or after 20 s).
  static v1::ClothingItem Settled(const std::string& sub, const std::string& item_id) {
    v1::GetItemRequest req;
    req.set_item_id(item_id);
    v1::GetItemResponse resp;
    for (int i = 0; i < 200; ++i) {
      const auto status = wardrobe_->GetItem(Ctx(TokenOf(sub)).get(), req, &resp);
      EXPECT_TRUE(status.ok()) << Describe(status);
      const auto s = resp.item().analysis_status();
      if (s == v1::ITEM_ANALYSIS_STATUS_DONE || s == v1::ITEM_ANALYSIS_STATUS_FAILED) break;
      std::this_thread::sleep_for(100ms);
    }
    return resp.item();
  }
  static std::string NewId() { return "4f3b2a10-0000-4000-8000-" + crypto::ToHex(crypto::RandomBytes(6)); }

  static Storage* storage_;
  static ScratchDatabase* db_;
  static ServerProcess* server_;
  static v1::DatabaseWebhookService::Stub* webhooks_;
  static v1::WardrobeService::Stub* wardrobe_;
};
Storage* ItemImportTest::storage_ = nullptr;
ScratchDatabase* ItemImportTest::db_ = nullptr;
ServerProcess* ItemImportTest::server_ = nullptr;
v1::DatabaseWebhookService::Stub* ItemImportTest::webhooks_ = nullptr;
v1::WardrobeService::Stub* ItemImportTest::wardrobe_ = nullptr;

TEST_F(ItemImportTest, ANewRowBecomesAnAnalysedItemOfItsOwnerOnceHoweverOftenItIsDelivered) {
  const std::string sub = NewId();
  const std::string photo = DatasetPhoto("train/t-shirt");
  const std::string url = storage_->Put(NewId() + ".jpg", photo);
  const auto event = Insert(NewId(), sub, url);

  Outcome first;
  const auto status = Deliver(event, &first);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(first.outcome(), Outcome::OUTCOME_IMPORTED);
  ASSERT_FALSE(first.item_id().empty());

  // The owner signs in with their Supabase token: the same account has it.
  const auto items = ItemsOf(sub);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item_id(), first.item_id());
  EXPECT_EQ(items[0].name(), "Striped tee");
  EXPECT_EQ(items[0].brand(), "Acme");
  EXPECT_EQ(items[0].category(), v1::CLOTHING_CATEGORY_TOP);

  const v1::ClothingItem item = Settled(sub, first.item_id());
  ASSERT_EQ(item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE) << item.DebugString();
  EXPECT_TRUE(item.has_photo());
  EXPECT_GT(item.photo().width_px(), 0);
  EXPECT_FALSE(item.analysis().type().label().empty());
  EXPECT_EQ(storage_->requests(url), 1);

  // Redelivered, sequentially and then several at once: nothing more.
  Outcome again;
  ASSERT_TRUE(Deliver(event, &again).ok());
  EXPECT_EQ(again.outcome(), Outcome::OUTCOME_ALREADY_IMPORTED);
  EXPECT_EQ(again.item_id(), first.item_id());
  const auto concurrent = Insert(NewId(), sub, url);
  std::vector<std::future<Outcome>> deliveries;
  for (int i = 0; i < 4; ++i) {
    deliveries.push_back(std::async(std::launch::async, [&] {
      Outcome resp;
      const auto s = Deliver(concurrent, &resp);
      EXPECT_TRUE(s.ok()) << Describe(s);
      return resp;
    }));
  }
  int imported = 0, already = 0;
  std::string concurrent_item;
  for (auto& d : deliveries) {
    const Outcome resp = d.get();
    imported += resp.outcome() == Outcome::OUTCOME_IMPORTED;
    already += resp.outcome() == Outcome::OUTCOME_ALREADY_IMPORTED;
    if (concurrent_item.empty()) concurrent_item = resp.item_id();
    EXPECT_EQ(resp.item_id(), concurrent_item);
  }
  EXPECT_EQ(imported, 1);
  EXPECT_EQ(already, 3);
  EXPECT_EQ(ItemsOf(sub).size(), 2u);

  // Deleted by its owner, the item does not come back with a redelivery.
  v1::DeleteItemRequest del;
  del.set_item_id(first.item_id());
  v1::DeleteItemResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(TokenOf(sub)).get(), del, &deleted).ok());
  ASSERT_TRUE(Deliver(event, &again).ok());
  EXPECT_EQ(again.outcome(), Outcome::OUTCOME_ALREADY_IMPORTED);
  EXPECT_EQ(again.item_id(), "");
  EXPECT_EQ(ItemsOf(sub).size(), 1u);
}

TEST_F(ItemImportTest, OnlyTheWebhookSecretMayCall) {
  const auto event = Insert(NewId(), NewId(), storage_->Put(NewId() + ".jpg", DatasetPhoto("train/pants")));
  Outcome resp;
  EXPECT_EQ(Deliver(event, &resp, "").error_code(), StatusCode::UNAUTHENTICATED) << "no secret";
  EXPECT_EQ(Deliver(event, &resp, "webhook-secret-for-imports-0123456789abcdeX").error_code(),
            StatusCode::UNAUTHENTICATED)
      << "a wrong secret";
  EXPECT_EQ(Deliver(event, &resp, std::string(kWebhookSecret) + "x").error_code(), StatusCode::UNAUTHENTICATED)
      << "the secret with more after it";
  // A user's token (even the record owner's) is not the project.
  const std::string token = TokenOf(event.record().fields().at("user_id").string_value());
  EXPECT_EQ(webhooks_->HandleDatabaseEvent(Ctx(token).get(), event, &resp).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ItemsOf(event.record().fields().at("user_id").string_value()).size(), 0u) << "nothing was imported";
}

TEST_F(ItemImportTest, OtherEventsAreAcknowledgedAndBadRecordsNamed) {
  const std::string sub = NewId();
  const std::string url = storage_->Put(NewId() + ".jpg", DatasetPhoto("train/shoes"));
  Outcome resp;
  auto other_table = Insert(NewId(), sub, url);
  other_table.set_table("profiles");
  ASSERT_TRUE(Deliver(other_table, &resp).ok());
  EXPECT_EQ(resp.outcome(), Outcome::OUTCOME_IGNORED);
  auto update = Insert(NewId(), sub, url);
  update.set_type("UPDATE");
  ASSERT_TRUE(Deliver(update, &resp).ok());
  EXPECT_EQ(resp.outcome(), Outcome::OUTCOME_IGNORED);
  ASSERT_TRUE(Deliver(Insert(NewId(), sub, ""), &resp).ok());
  EXPECT_EQ(resp.outcome(), Outcome::OUTCOME_IGNORED) << "a row without an image";
  EXPECT_EQ(ItemsOf(sub).size(), 0u);

  // Each bad part of an items row is named; nothing is imported.
  const std::vector<std::pair<std::string, std::string>> bad_urls = {
      {"https://evil.example/storage/v1/object/public/x.jpg", "another host"},
      {storage_->project_url() + ".evil.example/storage/v1/object/public/x.jpg", "a host that starts the same"},
      {storage_->project_url() + "/rest/v1/clothing_items", "not storage"},
      {storage_->project_url() + "/storage/v1/object/public/../../rest/v1/users", "dot segments"},
      {storage_->project_url() + "/storage/v1/object/public/%2e%2e/%2E%2E/rest/v1/users", "encoded dot segments"},
      {storage_->project_url() + "/storage/v1/object/public/a.jpg#@evil.example", "a fragment"},
  };
  for (const auto& [bad, why] : bad_urls) {
    const auto status = Deliver(Insert(NewId(), sub, bad), &resp);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << why;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"record.image_url"}) << why;
  }
  auto no_user = Insert(NewId(), sub, url);
  no_user.mutable_record()->mutable_fields()->erase("user_id");
  auto long_name = Insert(NewId(), sub, url);
  (*long_name.mutable_record()->mutable_fields())["name"].set_string_value(std::string(201, 'n'));
  auto numeric_user = Insert(NewId(), sub, url);
  (*numeric_user.mutable_record()->mutable_fields())["user_id"].set_number_value(7);
  for (const auto& [event, field] : std::vector<std::pair<v1::HandleDatabaseEventRequest, std::string>>{
           {no_user, "record.user_id"}, {long_name, "record.name"}, {numeric_user, "record.user_id"}}) {
    const auto status = Deliver(event, &resp);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{field});
  }
  auto bad_type = Insert(NewId(), sub, url);
  bad_type.set_type("TRUNCATE");
  EXPECT_EQ(ViolatedFields(Deliver(bad_type, &resp)), std::vector<std::string>{"type"});
  EXPECT_EQ(ItemsOf(sub).size(), 0u);
}

TEST_F(ItemImportTest, APhotoLateInStorageIsFetchedOnARetryAndOneThatNeverComesFailsTheAnalysis) {
  const std::string sub = NewId();
  const std::string late = storage_->Put(NewId() + ".jpg", DatasetPhoto("train/dress"), /*misses=*/2);
  Outcome resp;
  ASSERT_TRUE(Deliver(Insert(NewId(), sub, late), &resp).ok());
  const v1::ClothingItem fetched = Settled(sub, resp.item_id());
  EXPECT_EQ(fetched.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_TRUE(fetched.has_photo());
  EXPECT_EQ(storage_->requests(late), 3);

  // Never there, and not an image: three attempts each (the server's
  // STYLIST_ANALYSIS_MAX_ATTEMPTS), then the analysis shows failed.
  const std::string missing = storage_->project_url() + "/storage/v1/object/public/wardrobe/" + NewId() + ".jpg";
  const std::string text = storage_->Put(NewId() + ".jpg", "not an image at all", 0, "text/plain");
  for (const auto& url : {missing, text}) {
    ASSERT_TRUE(Deliver(Insert(NewId(), sub, url), &resp).ok());
    const v1::ClothingItem failed = Settled(sub, resp.item_id());
    EXPECT_EQ(failed.analysis_status(), v1::ITEM_ANALYSIS_STATUS_FAILED) << url;
    EXPECT_FALSE(failed.has_photo());
    EXPECT_EQ(storage_->requests(url), 3) << url;
  }
}

TEST_F(ItemImportTest, AnUploadDuringTheFetchWinsAndTheFetchedPhotoIsDropped) {
  const std::string sub = NewId();
  const std::string url = storage_->Put(NewId() + ".jpg", DatasetPhoto("train/skirt"));
  storage_->Hold(url);
  Outcome resp;
  ASSERT_TRUE(Deliver(Insert(NewId(), sub, url), &resp).ok());
  ASSERT_TRUE(storage_->WaitForRequest(url));
  // The owner uploads a photo of their own while the import's fetch waits.
  const std::string own = DatasetPhoto("train/shorts");
  v1::UploadItemPhotoResponse uploaded;
  const auto status = Upload(*wardrobe_, TokenOf(sub), resp.item_id(), own, &uploaded);
  ASSERT_TRUE(status.ok()) << Describe(status);
  const std::string own_sha = uploaded.item().photo().sha256();
  const int files = CountFiles(server_->storage_dir());
  storage_->Release(url);
  const v1::ClothingItem item = Settled(sub, resp.item_id());
  EXPECT_EQ(item.photo().sha256(), own_sha) << "the fetched photo replaced the owner's upload";
  EXPECT_EQ(item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  // Once the import's worker has given up its photo, no file of it is left.
  for (int i = 0; i < 100 && server_->Log().find("photo import superseded") == std::string::npos; ++i) {
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_NE(server_->Log().find("photo import superseded"), std::string::npos);
  EXPECT_EQ(CountFiles(server_->storage_dir()), files);
  EXPECT_EQ(Settled(sub, resp.item_id()).photo().sha256(), own_sha);
}

TEST_F(ItemImportTest, ARowIdIsImportedOnceEvenWhenTwoOwnersClaimItAtOnce) {
  const std::string row = NewId();
  const std::string url = storage_->Put(NewId() + ".jpg", DatasetPhoto("train/hat"));
  const std::string ada = NewId(), bob = NewId();
  // Accounts first, so that both deliveries race on the row alone.
  ItemsOf(ada);
  ItemsOf(bob);
  std::vector<std::future<Outcome>> deliveries;
  for (const std::string& owner : {ada, bob, ada, bob}) {
    deliveries.push_back(std::async(std::launch::async, [&, owner] {
      Outcome r;
      const auto s = Deliver(Insert(row, owner, url), &r);
      EXPECT_TRUE(s.ok()) << Describe(s);
      return r;
    }));
  }
  int imported = 0;
  for (auto& d : deliveries) imported += d.get().outcome() == Outcome::OUTCOME_IMPORTED;
  EXPECT_EQ(imported, 1);
  EXPECT_EQ(ItemsOf(ada).size() + ItemsOf(bob).size(), 1u);
}

}  // namespace
}  // namespace stylist::testing
