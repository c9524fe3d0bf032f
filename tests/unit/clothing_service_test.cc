// ClothingService's stored-photo path on the wardrobe's in-memory photo
// store (fake_photo_store.h): an item's photo is its owner's to analyse, a
// service key names no wardrobe, and a missing photo or file says which.
#include <gtest/gtest.h>

#include "analysis/clothing_service.h"
#include "fake_photo_store.h"
#include "fake_skin_store.h"
#include "service_test_support.h"
#include "test_quota.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";
constexpr char kAdasItem[] = "00000000-0000-4000-8000-0000000000c1";

class ClothingServiceTest : public ::testing::Test {
 protected:
  ClothingServiceTest() : service_(analysis::Deps{blobs_, skins_, photos_, quota_, nullptr}, analyzer_, 1 << 20) {
    photos_.AddItem(kAda, kAdasItem);
    req_.set_item_id(kAdasItem);
  }
  grpc::StatusCode Analyze(const CallContext& call) {
    return CodeOf([&] { service_.AnalyzeClothing(call, req_, &resp_); });
  }

  FakePhotoStore photos_;
  FakeSkinStore skins_;
  RecordingBlobStore blobs_;
  ScriptedAnalyzer analyzer_;
  AiQuota quota_{UnreachableAiLimits()};
  analysis::ClothingService service_;
  v1::AnalyzeClothingRequest req_;
  v1::AnalyzeClothingResponse resp_;
};

TEST_F(ClothingServiceTest, AStoredPhotoIsItsOwnersToAnalyse) {
  const ApiError none = ErrorOf([&] { service_.AnalyzeClothing(As(kAda), req_, &resp_); });
  EXPECT_EQ(none.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_STREQ(none.what(), "this item has no photo to analyse; upload one first");

  photos_.AddPhoto(kAdasItem, "sha-1", "photos/1");
  EXPECT_EQ(Analyze(As(kAda)), grpc::StatusCode::DATA_LOSS);  // the row names a file that is gone
  blobs_.stored["photos/1"] = "jpeg 1";
  analyzer_.result.mutable_category()->set_category(v1::CLOTHING_CATEGORY_TOP);
  EXPECT_EQ(Analyze(As(kAda)), grpc::StatusCode::OK);
  EXPECT_EQ(resp_.analysis().category().category(), v1::CLOTHING_CATEGORY_TOP);
  EXPECT_EQ(analyzer_.analysed, std::vector<std::string>{"jpeg 1"});
  EXPECT_EQ(photos_.rows.commits, 0);  // nothing is stored

  EXPECT_EQ(Analyze(As(kBob)), grpc::StatusCode::NOT_FOUND);
  CallContext service_key;
  service_key.principal.kind = Principal::Kind::kService;
  EXPECT_EQ(Analyze(service_key), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(analyzer_.calls, 1);
}

}  // namespace
}  // namespace stylist::testing
