// The legacy service's rules on an in-memory store (fake_legacy_store.h):
// whom each kind of caller may act for (anyone else's id reads as one that
// does not exist), who may create legacy users and which of two requests
// for one name wins within a batch, the image records and how analysed
// images group into outfits, and the conversation list.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <thread>

#include "analysis/clothing_analyzer.h"
#include "chat/chat_service.h"
#include "fake_analysis_job_store.h"
#include "fake_chat_store.h"
#include "fake_legacy_store.h"
#include "fake_photo_store.h"
#include "fake_wardrobe_store.h"
#include "legacy/legacy_service.h"
#include "service_test_support.h"
#include "test_quota.h"
#include "wardrobe/analysis_queue.h"
#include "wardrobe/photo_service.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";
constexpr char kKeyA[] = "00000000-0000-4000-8000-0000000000aa";
constexpr char kKeyB[] = "00000000-0000-4000-8000-0000000000bb";

CallContext Key(const std::string& key_id, bool own_users_only = false, bool admin = false) {
  CallContext c;
  c.principal.kind = Principal::Kind::kService;
  c.principal.api_key_id = key_id;
  c.principal.scopes = {admin ? "admin" : "legacy"};
  c.principal.admin = admin;
  c.principal.own_legacy_users_only = own_users_only;
  return c;
}

// The photo and chat services the legacy service is built on, inert: these
// tests do not upload or ask. The AI budgets are unreachable unless given.
struct InertCollaborators {
  explicit InertCollaborators(AiLimits limits = UnreachableAiLimits()) : quota(limits) {}
  RecordingBlobStore blobs;
  AiQuota quota;
  std::unique_ptr<analysis::ClothingAnalyzer> analyzer = analysis::NewUnavailableAnalyzer();
  FakePhotoStore photo_store;
  FakeAnalysisJobStore jobs{photo_store};
  wardrobe::AnalysisQueue queue{jobs, blobs, *analyzer, wardrobe::QueueOptions{}};
  FakeWardrobeStore wardrobe_store;
  wardrobe::PhotoService photos{wardrobe::Deps{blobs, wardrobe_store, photo_store, quota}, queue, *analyzer, ml::ImageLimits{}};
  FakeChatStore chat_store;
  chat::Responder responder{nullptr, 3, std::chrono::milliseconds(1000)};
  chat::ChatService chat{chat::Deps{chat_store, responder, quota}, chat::ChatLimits{}};
};

// Holds the first statement of a store until Release, so that requests
// submitted meanwhile queue and share the next one.
class FirstStatementGate {
 public:
  // The store's hook: blocks its first call.
  std::function<void()> Hook() {
    return [this] {
      std::unique_lock lock(m_);
      if (++calls_ == 1) {
        cv_.notify_all();
        cv_.wait(lock, [&] { return released_; });
      }
    };
  }
  // Waits until the first statement is being held.
  void AwaitHeld() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return calls_ >= 1; });
  }
  void Release() {
    {
      std::lock_guard lock(m_);
      released_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool released_ = false;
  int calls_ = 0;
};

class LegacyServiceTest : public ::testing::Test {
 protected:
  LegacyServiceTest() : service_({store_, inert_.photos, inert_.chat}) {
    ada_ = store_.AddUser(kAda, "ada", /*legacy_user=*/false);  // a Stylist account
    by_key_a_ = store_.AddUser(kBob, "bob", /*legacy_user=*/true, kKeyA);
    by_bootstrap_ = store_.AddUser("00000000-0000-4000-8000-00000000000c", "cy", /*legacy_user=*/true);
  }

  // The images `call` is shown for the legacy user, or the error.
  struct Listed {
    std::vector<legacy::ImageRow> images;
    ApiError error{grpc::StatusCode::OK, "no error"};
  };
  Listed List(const CallContext& call, std::int64_t legacy_id) {
    Listed listed;
    listed.error = ErrorOf([&] {
      std::exception_ptr failure;
      bool answered = false;
      service_.ListLegacyImages(
          call, legacy_id,
          [&](const legacy::ImageList* list, std::exception_ptr error) {
            answered = true;
            failure = error;
            if (list) listed.images = list->images;
          },
          {});
      EXPECT_TRUE(answered);  // a lone read is read before the call returns
      if (failure) std::rethrow_exception(failure);
    });
    return listed;
  }
  grpc::StatusCode ListAs(const CallContext& call, std::int64_t legacy_id) { return List(call, legacy_id).error.code(); }

  // Creates a legacy user as `call`; nullopt when the username was taken.
  std::optional<v1::LegacyUser> Create(const CallContext& call, const std::string& username) {
    std::promise<std::optional<v1::LegacyUser>> created;
    v1::CreateLegacyUserRequest req;
    req.set_username(username);
    service_.CreateLegacyUser(
        call, req,
        [&](std::optional<v1::LegacyUser>* user, std::exception_ptr error) {
          if (error) created.set_exception(error);
          else created.set_value(*user);
        },
        {});
    return created.get_future().get();
  }

  InertCollaborators inert_;
  FakeLegacyStore store_;
  legacy::LegacyService service_;
  std::int64_t ada_ = 0, by_key_a_ = 0, by_bootstrap_ = 0;
};

TEST_F(LegacyServiceTest, AUserActsForThemselfOnly) {
  EXPECT_EQ(ListAs(As(kAda), ada_), grpc::StatusCode::OK);
  EXPECT_EQ(ListAs(As(kAda), by_key_a_), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ListAs(As(kBob), by_key_a_), grpc::StatusCode::OK);
}

TEST_F(LegacyServiceTest, AServiceKeyActsForTheLegacyAppsUsersNotForStylistAccounts) {
  EXPECT_EQ(ListAs(Key(kKeyB), by_key_a_), grpc::StatusCode::OK);
  EXPECT_EQ(ListAs(Key(kKeyB), by_bootstrap_), grpc::StatusCode::OK);
  EXPECT_EQ(ListAs(Key(kKeyB), ada_), grpc::StatusCode::NOT_FOUND);
}

TEST_F(LegacyServiceTest, AKeyBoundToItsOwnUsersActsForThoseItCreatedOnly) {
  EXPECT_EQ(ListAs(Key(kKeyA, true), by_key_a_), grpc::StatusCode::OK);
  EXPECT_EQ(ListAs(Key(kKeyB, true), by_key_a_), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ListAs(Key(kKeyA, true), by_bootstrap_), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ListAs(Key(kKeyA, true), ada_), grpc::StatusCode::NOT_FOUND);
}

TEST_F(LegacyServiceTest, AnAdminKeyActsForAnyone) {
  EXPECT_EQ(ListAs(Key(kKeyB, false, true), ada_), grpc::StatusCode::OK);
  EXPECT_EQ(ListAs(Key(kKeyB, true, true), by_key_a_), grpc::StatusCode::OK);
}

TEST_F(LegacyServiceTest, AnIdThatDoesNotExistReadsAsOneThatIsNotYours) {
  const ApiError missing = List(As(kAda), 999).error;
  const ApiError not_yours = List(As(kAda), by_key_a_).error;
  EXPECT_EQ(missing.code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(std::string(missing.what()), std::string(not_yours.what()));
  EXPECT_EQ(ListAs(Key(kKeyA, false, true), 0), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ListAs(Key(kKeyA, false, true), -5), grpc::StatusCode::NOT_FOUND);
}

TEST_F(LegacyServiceTest, ListsWaitingTogetherShareARoundTripAndEachIsCheckedForItsCaller) {
  store_.AddImage(kAda, "coat.jpg", "CLOTHING_CATEGORY_OUTERWEAR");
  // Hold the first list's read until three more have queued: they then
  // share the next one.
  FirstStatementGate gate;
  store_.before_list = gate.Hook();
  std::thread first([&] { EXPECT_EQ(ListAs(As(kBob), by_key_a_), grpc::StatusCode::OK); });
  gate.AwaitHeld();
  std::vector<std::pair<std::size_t, grpc::StatusCode>> answers;  // images, code
  auto queue = [&](const CallContext& call, std::int64_t id) {
    service_.ListLegacyImages(
        call, id,
        [&answers](const legacy::ImageList* list, std::exception_ptr error) {
          answers.emplace_back(list ? list->images.size() : 0,
                               error ? ErrorOf([&] { std::rethrow_exception(error); }).code() : grpc::StatusCode::OK);
        },
        {});
  };
  queue(As(kAda), ada_);        // her own
  queue(As(kAda), by_key_a_);   // someone else's
  queue(As(kAda), 12345);       // no one's
  EXPECT_TRUE(answers.empty()) << "queued behind the read in flight";
  gate.Release();
  first.join();
  ASSERT_EQ(store_.list_batches.size(), 2u);
  EXPECT_EQ(store_.list_batches[1], (std::vector<std::int64_t>{ada_, by_key_a_, 12345}));
  EXPECT_EQ(answers, (std::vector<std::pair<std::size_t, grpc::StatusCode>>{
                         {1, grpc::StatusCode::OK}, {0, grpc::StatusCode::NOT_FOUND}, {0, grpc::StatusCode::NOT_FOUND}}));
}

TEST_F(LegacyServiceTest, ImagesCarryTheirPathAndOnlyTheTagsThatAreKnown) {
  store_.AddImage(kBob, "shirt.jpg", "CLOTHING_CATEGORY_TOP", {"t-shirt", "navy", "", "casual"});
  store_.AddImage(kBob, "new.png", "");
  const Listed listed = List(As(kBob), by_key_a_);
  ASSERT_EQ(listed.error.code(), grpc::StatusCode::OK);
  v1::ListLegacyImagesResponse resp;
  legacy::AppendImages(listed.images, by_key_a_, resp.mutable_images());
  ASSERT_EQ(resp.images_size(), 2);
  const auto& shirt = resp.images(0);
  EXPECT_EQ(shirt.user_id(), by_key_a_);
  EXPECT_EQ(shirt.image_path(), "/api/images/" + std::to_string(by_key_a_) + "/" + std::to_string(shirt.id()));
  EXPECT_EQ(shirt.tags().type(), "t-shirt");
  EXPECT_EQ(shirt.tags().primary_color(), "navy");
  EXPECT_FALSE(shirt.tags().has_secondary_color());
  EXPECT_EQ(shirt.tags().style(), "casual");
  EXPECT_FALSE(resp.images(1).tags().has_type());
}

TEST_F(LegacyServiceTest, OnlyServiceKeysCreateLegacyUsersAndBadNamesAreRefusedFirst) {
  v1::CreateLegacyUserRequest req;
  req.set_username("dora");
  auto never = [](std::optional<v1::LegacyUser>*, std::exception_ptr) { FAIL() << "nothing may be written"; };
  EXPECT_EQ(CodeOf([&] { service_.CreateLegacyUser(As(kAda), req, never, {}); }),
            grpc::StatusCode::PERMISSION_DENIED);
  for (const std::string& bad : {std::string(), std::string(101, 'x'), std::string("a\tb"), std::string("a\x7f")}) {
    req.set_username(bad);
    const ApiError e = ErrorOf([&] { service_.CreateLegacyUser(Key(kKeyA), req, never, {}); });
    EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_NE(std::string(e.what()).find("username"), std::string::npos) << e.what();
  }
  req.set_username("dora");
  req.set_style_preferences(std::string(2001, 'x'));
  EXPECT_EQ(CodeOf([&] { service_.CreateLegacyUser(Key(kKeyA), req, never, {}); }),
            grpc::StatusCode::INVALID_ARGUMENT);
  req.set_style_preferences(std::string("bold\0", 5));
  EXPECT_EQ(CodeOf([&] { service_.CreateLegacyUser(Key(kKeyA), req, never, {}); }),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(store_.create_batches.empty());
}

TEST_F(LegacyServiceTest, ACreatedUserIsBoundToItsKeyAndATakenNameCreatesNothing) {
  const auto dora = Create(Key(kKeyA), "dora");
  ASSERT_TRUE(dora.has_value());
  EXPECT_EQ(dora->username(), "dora");
  EXPECT_EQ(store_.FindUser(dora->id())->created_by_key, kKeyA);
  EXPECT_EQ(ListAs(Key(kKeyA, true), dora->id()), grpc::StatusCode::OK);
  // The bootstrap key is not a stored key: its users are bound to none.
  const auto eve = Create(Key("bootstrap"), "eve");
  ASSERT_TRUE(eve.has_value());
  EXPECT_FALSE(store_.FindUser(eve->id())->created_by_key.has_value());
  EXPECT_FALSE(Create(Key(kKeyB), "DORA").has_value());
}

TEST_F(LegacyServiceTest, OfTwoRequestsForOneNameInABatchTheEarlierWins) {
  // Hold the first creation's statement until two more have queued: they
  // then share the next batch.
  FirstStatementGate gate;
  store_.before_create = gate.Hook();
  std::thread first([&] { EXPECT_TRUE(Create(Key(kKeyA), "first").has_value()); });
  gate.AwaitHeld();
  std::optional<v1::LegacyUser> earlier, later;
  std::atomic<int> answered{0};
  auto request = [&](const std::string& name, std::optional<v1::LegacyUser>* into) {
    v1::CreateLegacyUserRequest req;
    req.set_username(name);
    service_.CreateLegacyUser(
        Key(kKeyA), req,
        [into, &answered](std::optional<v1::LegacyUser>* user, std::exception_ptr) {
          if (user) *into = *user;
          ++answered;
        },
        {});
  };
  request("Twin", &earlier);
  request("twin", &later);
  gate.Release();
  first.join();
  ASSERT_EQ(answered.load(), 2);
  ASSERT_EQ(store_.create_batches.size(), 2u);
  EXPECT_EQ(store_.create_batches[1], (std::vector<std::string>{"Twin", "twin"}));
  ASSERT_TRUE(earlier.has_value());
  EXPECT_EQ(earlier->username(), "Twin");
  EXPECT_FALSE(later.has_value());
}

TEST_F(LegacyServiceTest, AnalysedImagesGroupIntoAtMostFiveOutfitsWithoutTwoPiecesOfOneKind) {
  v1::MatchLegacyStylesRequest req;
  req.set_user_id(by_key_a_);
  v1::MatchLegacyStylesResponse resp;
  service_.MatchLegacyStyles(As(kBob), req, &resp);
  EXPECT_EQ(resp.groups_size(), 0);

  store_.AddImage(kBob, "tee.jpg", "CLOTHING_CATEGORY_TOP");
  store_.AddImage(kBob, "unknown.jpg", "");
  service_.MatchLegacyStyles(As(kBob), req, &resp);
  EXPECT_EQ(resp.groups_size(), 0) << "a top alone is no outfit";

  store_.AddImage(kBob, "jeans.jpg", "CLOTHING_CATEGORY_BOTTOM");
  store_.AddImage(kBob, "boots.jpg", "CLOTHING_CATEGORY_SHOES");
  store_.AddImage(kBob, "dress.jpg", "CLOTHING_CATEGORY_DRESS");
  resp.Clear();
  service_.MatchLegacyStyles(As(kBob), req, &resp);
  ASSERT_EQ(resp.groups_size(), 2);
  auto names = [&](const v1::LegacyOutfitGroup& g) {
    std::vector<std::string> out;
    const std::string prefix = "/api/images/" + std::to_string(by_key_a_) + "/";
    for (const auto& p : g.image_paths()) {
      EXPECT_TRUE(p.starts_with(prefix)) << p;
      out.push_back(store_.NameOf(std::stoll(p.substr(prefix.size()))));
    }
    return out;
  };
  EXPECT_EQ(names(resp.groups(0)), (std::vector<std::string>{"tee.jpg", "jeans.jpg", "boots.jpg"}));
  EXPECT_EQ(names(resp.groups(1)), (std::vector<std::string>{"dress.jpg", "boots.jpg"}));

  for (int i = 0; i < 6; ++i) store_.AddImage(kBob, "top" + std::to_string(i), "CLOTHING_CATEGORY_TOP");
  resp.Clear();
  service_.MatchLegacyStyles(As(kBob), req, &resp);
  EXPECT_EQ(resp.groups_size(), 5);
  EXPECT_EQ(CodeOf([&] { service_.MatchLegacyStyles(As(kAda), req, &resp); }), grpc::StatusCode::NOT_FOUND);
}

// Every legacy upload is analysed at once, so each takes a photo analysis
// from the budgets: the user's, and the key's across all its users.
TEST(LegacyUploadBudgetTest, UploadsTakeFromTheUsersAndTheKeysAiBudgets) {
  AiLimits limits = UnreachableAiLimits();
  limits.photo_analyses_per_minute = 2;
  limits.per_api_key_per_minute = 3;
  InertCollaborators collaborators(limits);
  FakeLegacyStore store;
  legacy::LegacyService service({store, collaborators.photos, collaborators.chat});
  const auto first = store.AddUser(kBob, "bob", /*legacy_user=*/true, kKeyA);
  const auto second = store.AddUser(kAda, "ada", /*legacy_user=*/true, kKeyA);
  auto upload = [&](std::int64_t user) {
    v1::UploadLegacyImageMetadata m;
    m.set_user_id(user);
    m.mutable_image()->set_file_name("shirt.jpg");
    CallContext call = Key(kKeyA);
    return ErrorOf([&] { service.CheckUpload(call, m); });
  };
  EXPECT_EQ(upload(first).code(), grpc::StatusCode::OK);
  EXPECT_EQ(upload(first).code(), grpc::StatusCode::OK);
  const ApiError per_user = upload(first);
  EXPECT_EQ(per_user.code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_GT(per_user.retry_after().count(), 0);
  EXPECT_EQ(upload(second).code(), grpc::StatusCode::OK);  // the key's third
  EXPECT_EQ(upload(second).code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << "the key's budget is spent";
}

TEST_F(LegacyServiceTest, ConversationsAreListedUnderTheLegacyId) {
  store_.exchanges[kBob] = {{41, "what goes with jeans?", "a white tee", 1700000000000000}};
  v1::ListLegacyConversationsRequest req;
  req.set_user_id(by_key_a_);
  v1::ListLegacyConversationsResponse resp;
  service_.ListLegacyConversations(As(kBob), req, &resp);
  ASSERT_EQ(resp.conversations_size(), 1);
  EXPECT_EQ(resp.conversations(0).id(), 41);
  EXPECT_EQ(resp.conversations(0).user_id(), by_key_a_);
  EXPECT_EQ(resp.conversations(0).answer(), "a white tee");
  EXPECT_EQ(resp.conversations(0).create_time().seconds(), 1700000000);
  EXPECT_EQ(CodeOf([&] { service_.ListLegacyConversations(As(kAda), req, &resp); }), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace stylist::testing
