// The skin service's rules on an in-memory store (fake_skin_store.h): an
// analysis is its owner's to read and delete, deleting it removes its kept
// face photo, the history's pages and time range, and a server without the
// face detector says so.
#include <gtest/gtest.h>

#include <google/protobuf/util/time_util.h>

#include "analysis/skin_service.h"
#include "fake_photo_store.h"
#include "fake_skin_store.h"
#include "service_test_support.h"
#include "test_quota.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";
constexpr char kAdasAnalysis[] = "00000000-0000-4000-8000-0000000000a1";

class SkinServiceTest : public ::testing::Test {
 protected:
  SkinServiceTest() : service_(analysis::Deps{blobs_, store_, photos_, quota_, nullptr}, nullptr, ml::ImageLimits{}) {
    store_.Add(kAda, kAdasAnalysis, 1700000000000000, "skin/ab/face.jpg");
  }
  FakeSkinStore store_;
  RecordingBlobStore blobs_;
  FakePhotoStore photos_;
  AiQuota quota_{UnreachableAiLimits()};
  analysis::SkinService service_;
};

TEST_F(SkinServiceTest, AnAnalysisIsItsOwnersToReadAndDelete) {
  v1::GetSkinAnalysisRequest get;
  get.set_analysis_id(kAdasAnalysis);
  v1::GetSkinAnalysisResponse got;
  service_.GetSkinAnalysis(As(kAda), get, &got);
  EXPECT_EQ(got.analysis().analysis_id(), kAdasAnalysis);
  EXPECT_TRUE(got.analysis().photo_kept());
  EXPECT_EQ(got.analysis().skin_score(), 80);
  EXPECT_FALSE(got.analysis().disclaimer().empty());
  EXPECT_EQ(CodeOf([&] { service_.GetSkinAnalysis(As(kBob), get, &got); }), grpc::StatusCode::NOT_FOUND);

  v1::DeleteSkinAnalysisRequest del;
  del.set_analysis_id(kAdasAnalysis);
  EXPECT_EQ(CodeOf([&] { service_.DeleteSkinAnalysis(As(kBob), del, nullptr); }), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(blobs_.deleted.empty());
  service_.DeleteSkinAnalysis(As(kAda), del, nullptr);
  EXPECT_EQ(blobs_.deleted, std::vector<std::string>{"skin/ab/face.jpg"});
  EXPECT_EQ(store_.size(), 0u);
  del.set_analysis_id("not-an-id");
  EXPECT_EQ(CodeOf([&] { service_.DeleteSkinAnalysis(As(kAda), del, nullptr); }), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SkinServiceTest, AnAnalysisWithoutAKeptPhotoDeletesNoBlob) {
  store_.Add(kAda, "00000000-0000-4000-8000-0000000000a2", 1700000000000001);
  v1::DeleteSkinAnalysisRequest del;
  del.set_analysis_id("00000000-0000-4000-8000-0000000000a2");
  service_.DeleteSkinAnalysis(As(kAda), del, nullptr);
  EXPECT_TRUE(blobs_.deleted.empty());
}

TEST_F(SkinServiceTest, TheHistoryIsPagedNewestFirstWithinItsTimeRange) {
  for (int i = 2; i <= 5; ++i) {
    store_.Add(kAda, "00000000-0000-4000-8000-0000000000a" + std::to_string(i), 1700000000000000 + i * 1000000);
  }
  v1::ListSkinAnalysesRequest req;
  req.set_page_size(2);
  v1::ListSkinAnalysesResponse page1, page2, page3;
  service_.ListSkinAnalyses(As(kAda), req, &page1);
  ASSERT_EQ(page1.analyses_size(), 2);
  EXPECT_EQ(page1.analyses(0).analysis_id(), "00000000-0000-4000-8000-0000000000a5");
  req.set_page_token(page1.next_page_token());
  service_.ListSkinAnalyses(As(kAda), req, &page2);
  ASSERT_EQ(page2.analyses_size(), 2);
  EXPECT_EQ(page2.analyses(0).analysis_id(), "00000000-0000-4000-8000-0000000000a3");
  req.set_page_token(page2.next_page_token());
  service_.ListSkinAnalyses(As(kAda), req, &page3);
  ASSERT_EQ(page3.analyses_size(), 1);
  EXPECT_TRUE(page3.next_page_token().empty());

  // A token is bound to its range; an empty or inverted range is refused.
  *req.mutable_start_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(1700000000000000 + 3000000);
  req.set_page_token(page1.next_page_token());
  EXPECT_EQ(CodeOf([&] { service_.ListSkinAnalyses(As(kAda), req, &page3); }), grpc::StatusCode::INVALID_ARGUMENT);
  req.clear_page_token();
  v1::ListSkinAnalysesResponse ranged;
  service_.ListSkinAnalyses(As(kAda), req, &ranged);
  EXPECT_EQ(ranged.analyses_size(), 2);  // a4 and a5 are at or after the start; a3 is before it
  *req.mutable_end_time() = req.start_time();
  EXPECT_EQ(CodeOf([&] { service_.ListSkinAnalyses(As(kAda), req, &ranged); }), grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListSkinAnalysesResponse bobs;
  service_.ListSkinAnalyses(As(kBob), v1::ListSkinAnalysesRequest(), &bobs);
  EXPECT_EQ(bobs.analyses_size(), 0);
}

TEST_F(SkinServiceTest, AKeysAnalysesOfAnAppUserAreThatKeysAndThatPersonsOnly) {
  constexpr char kKey[] = "00000000-0000-4000-8000-0000000000c1";
  constexpr char kOtherKey[] = "00000000-0000-4000-8000-0000000000c2";
  constexpr char kKeys[] = "00000000-0000-4000-8000-0000000000c3";
  store_.Add(analysis::SkinStore::Owner::AppUser(kKey, "skin-app-user-7"), kKeys, 1700000000000002);

  v1::GetSkinAnalysisRequest get;
  get.set_analysis_id(kKeys);
  get.set_app_user_id("skin-app-user-7");
  v1::GetSkinAnalysisResponse got;
  service_.GetSkinAnalysis(AsKey(kKey), get, &got);
  EXPECT_EQ(got.analysis().analysis_id(), kKeys);
  // Not another key's, nor the same key's for another person, nor a user's.
  EXPECT_EQ(CodeOf([&] { service_.GetSkinAnalysis(AsKey(kOtherKey), get, &got); }), grpc::StatusCode::NOT_FOUND);
  get.set_app_user_id("skin-app-user-8");
  EXPECT_EQ(CodeOf([&] { service_.GetSkinAnalysis(AsKey(kKey), get, &got); }), grpc::StatusCode::NOT_FOUND);
  get.clear_app_user_id();
  EXPECT_EQ(CodeOf([&] { service_.GetSkinAnalysis(As(kAda), get, &got); }), grpc::StatusCode::NOT_FOUND);

  v1::ListSkinAnalysesRequest list;
  v1::ListSkinAnalysesResponse listed;
  // A key must say whose history; a user may not name anyone.
  EXPECT_EQ(FieldOf(ErrorOf([&] { service_.ListSkinAnalyses(AsKey(kKey), list, &listed); })), "app_user_id");
  list.set_app_user_id("skin-app-user-7");
  EXPECT_EQ(FieldOf(ErrorOf([&] { service_.ListSkinAnalyses(As(kAda), list, &listed); })), "app_user_id");
  service_.ListSkinAnalyses(AsKey(kKey), list, &listed);
  ASSERT_EQ(listed.analyses_size(), 1);
  EXPECT_EQ(listed.analyses(0).analysis_id(), kKeys);
  // The bootstrap key from the environment has no row to own analyses.
  EXPECT_EQ(CodeOf([&] { service_.ListSkinAnalyses(AsKey("bootstrap", {"admin"}), list, &listed); }),
            grpc::StatusCode::FAILED_PRECONDITION);
  list.set_app_user_id(std::string(129, 'x'));
  EXPECT_EQ(FieldOf(ErrorOf([&] { service_.ListSkinAnalyses(AsKey(kKey), list, &listed); })), "app_user_id");

  v1::DeleteSkinAnalysisRequest del;
  del.set_analysis_id(kKeys);
  del.set_app_user_id("skin-app-user-7");
  EXPECT_EQ(CodeOf([&] { service_.DeleteSkinAnalysis(AsKey(kOtherKey), del, nullptr); }), grpc::StatusCode::NOT_FOUND);
  service_.DeleteSkinAnalysis(AsKey(kKey), del, nullptr);
  EXPECT_EQ(store_.size(), 1u);  // Ada's is left
}

TEST_F(SkinServiceTest, WithoutTheFaceDetectorAnalysisIsUnavailable) {
  v1::AnalyzeSkinRequest req;
  req.set_image("not looked at");
  v1::AnalyzeSkinResponse resp;
  EXPECT_EQ(CodeOf([&] { service_.AnalyzeSkin(As(kAda), req, &resp); }), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace stylist::testing
