// The photo service's rules on an in-memory store (fake_photo_store.h) and
// blob store: what an upload must be, what a cancelled or refused upload
// leaves (nothing), when a replaced photo's files go (after the commit),
// whose items a caller reaches, and how a photo's analysis is (re)queued.
#include <gtest/gtest.h>

#include "fake_analysis_job_store.h"
#include "fake_photo_store.h"
#include "fake_wardrobe_store.h"
#include "service_test_support.h"
#include "support/crafted_images.h"
#include "test_quota.h"
#include "wardrobe/photo_service.h"
#include "wardrobe/validation.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";
constexpr char kAdasItem[] = "00000000-0000-4000-8000-0000000000c1";

const auto kNotCancelled = [] { return false; };

class PhotoServiceTest : public ::testing::Test {
 protected:
  PhotoServiceTest()
      : jobs_(store_),
        queue_(jobs_, blobs(), analyzer_, wardrobe::QueueOptions{}),
        service_(wardrobe::Deps{blobs(), items_, store_, quota_}, queue_, analyzer_, wardrobe::PhotoLimits{}) {
    store_.AddItem(kAda, kAdasItem);
  }
  RecordingBlobStore& blobs() { return inert_.blobs; }

  v1::UploadItemPhotoMetadata Upload(const std::string& item_id, bool skip_analysis = false) {
    v1::UploadItemPhotoMetadata m;
    m.set_item_id(item_id);
    m.mutable_image()->set_file_name("photo.jpg");
    m.set_skip_analysis(skip_analysis);
    return m;
  }
  // Ada's item with a stored photo, as an earlier upload left it.
  void GiveAdasItemAPhoto() {
    store_.AddPhoto(kAdasItem, "old-sha", "photos/old");
    blobs().stored["photos/old"] = "old jpeg";
    blobs().stored["photos/old.thumb"] = "old thumbnail";
  }

  InertUserDeps inert_;
  FakeWardrobeStore items_;  // unused by the photo service
  FakePhotoStore store_;
  FakeAnalysisJobStore jobs_;
  ScriptedAnalyzer analyzer_;
  wardrobe::AnalysisQueue queue_;
  AiQuota quota_{UnreachableAiLimits()};
  wardrobe::PhotoService service_;
  const std::string jpeg_ = crafted::FlatJpeg(64, 48);
};

TEST_F(PhotoServiceTest, AnUploadThatIsNotAnImageIsRefusedAndStoresNothing) {
  for (const std::string bytes : {"", "this is not an image"}) {
    const ApiError e = ErrorOf([&] { service_.StorePhoto(As(kAda), Upload(kAdasItem), bytes, kNotCancelled); });
    EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT) << bytes;
    ASSERT_EQ(e.violations().size(), 1u);
    EXPECT_EQ(e.violations().front().field, "chunk");
  }
  EXPECT_TRUE(blobs().stored.empty());
  EXPECT_EQ(store_.rows.commits, 0);
  EXPECT_FALSE(store_.item(kAdasItem).photo);
  EXPECT_TRUE(store_.rows.jobs.empty());
}

TEST_F(PhotoServiceTest, AnUploadStoresTheNormalisedPhotoAndQueuesItsAnalysis) {
  const v1::ClothingItem item = service_.StorePhoto(As(kAda), Upload(kAdasItem), jpeg_, kNotCancelled);
  EXPECT_EQ(item.photo().content_type(), "image/jpeg");
  EXPECT_EQ(item.photo().width_px(), 64);
  EXPECT_EQ(item.photo().height_px(), 48);
  EXPECT_EQ(item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_PENDING);
  const auto& photo = *store_.item(kAdasItem).photo;
  EXPECT_EQ(photo.sha256, item.photo().sha256());
  EXPECT_EQ(blobs().stored.count(photo.storage_key), 1u);
  EXPECT_EQ(blobs().stored.count(photo.thumbnail_key), 1u);
  ASSERT_NE(store_.rows.JobOf(kAdasItem, "queued"), nullptr);
  EXPECT_EQ(store_.rows.JobOf(kAdasItem, "queued")->sha256, photo.sha256);
  EXPECT_EQ(store_.rows.JobOf(kAdasItem, "queued")->max_attempts, queue_.max_attempts());

  // skip_analysis keeps the item's analysis (none here: SKIPPED) and
  // cancels the job queued for the photo it replaces.
  const v1::ClothingItem skipped = service_.StorePhoto(As(kAda), Upload(kAdasItem, true), jpeg_, kNotCancelled);
  EXPECT_EQ(skipped.analysis_status(), v1::ITEM_ANALYSIS_STATUS_SKIPPED);
  EXPECT_EQ(store_.rows.JobOf(kAdasItem, "queued"), nullptr);
  EXPECT_NE(store_.rows.JobOf(kAdasItem, "cancelled"), nullptr);
}

TEST_F(PhotoServiceTest, ACancelledUploadLeavesNoRowAndNoBlob) {
  const auto cancelled = [] { return true; };
  EXPECT_EQ(CodeOf([&] { service_.StorePhoto(As(kAda), Upload(kAdasItem), jpeg_, cancelled); }),
            grpc::StatusCode::CANCELLED);
  EXPECT_EQ(CodeOf([&] { service_.CreateItemWithPhoto(kAda, v1::ClothingItem(), jpeg_, cancelled); }),
            grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(blobs().stored.empty());
  EXPECT_EQ(blobs().deleted.size(), 4u);  // each upload's photo and thumbnail, put and taken back
  EXPECT_EQ(store_.rows.items.size(), 1u);
  EXPECT_FALSE(store_.item(kAdasItem).photo);
  EXPECT_EQ(store_.rows.commits, 0);
  EXPECT_TRUE(store_.rows.jobs.empty());
  EXPECT_EQ(analyzer_.calls, 0);
}

TEST_F(PhotoServiceTest, ReplacingAPhotoDeletesTheOldFilesOnlyAfterTheCommit) {
  GiveAdasItemAPhoto();
  bool old_files_there_at_commit = false;
  const auto asked_at_commit = [&] {
    old_files_there_at_commit = blobs().stored.count("photos/old") == 1 && blobs().stored.count("photos/old.thumb") == 1;
    return false;
  };
  const v1::ClothingItem item = service_.StorePhoto(As(kAda), Upload(kAdasItem), jpeg_, asked_at_commit);
  EXPECT_TRUE(old_files_there_at_commit);
  EXPECT_EQ(blobs().deleted, (std::vector<std::string>{"photos/old", "photos/old.thumb"}));
  EXPECT_EQ(blobs().stored.size(), 2u);  // the new photo and its thumbnail
  EXPECT_NE(item.photo().sha256(), "old-sha");

  // A replacement that fails keeps the photo it would have replaced.
  const auto current = *store_.item(kAdasItem).photo;
  blobs().deleted.clear();
  EXPECT_EQ(CodeOf([&] { service_.StorePhoto(As(kAda), Upload(kAdasItem), jpeg_, [] { return true; }); }),
            grpc::StatusCode::CANCELLED);
  EXPECT_EQ(store_.item(kAdasItem).photo->json, current.json);
  EXPECT_EQ(blobs().stored.count(current.storage_key), 1u);
  EXPECT_EQ(blobs().stored.count(current.thumbnail_key), 1u);
  EXPECT_EQ(blobs().deleted.size(), 2u);  // only the failed upload's own files
}

// An upload to be analysed takes a photo analysis from the AI budget before
// any bytes arrive; one that skips the analysis takes none.
TEST_F(PhotoServiceTest, AnUploadToBeAnalysedTakesFromTheAiBudget) {
  AiLimits limits = UnreachableAiLimits();
  limits.photo_analyses_per_minute = 1;
  AiQuota quota(limits);
  wardrobe::PhotoService service(wardrobe::Deps{blobs(), items_, store_, quota}, queue_, analyzer_,
                                 wardrobe::PhotoLimits{});
  service.CheckUpload(As(kAda), Upload(kAdasItem));
  EXPECT_EQ(CodeOf([&] { service.CheckUpload(As(kAda), Upload(kAdasItem)); }), grpc::StatusCode::RESOURCE_EXHAUSTED);
  service.CheckUpload(As(kAda), Upload(kAdasItem, /*skip_analysis=*/true));
}

TEST_F(PhotoServiceTest, AnotherUsersItemIsNotFound) {
  GiveAdasItemAPhoto();
  const auto as_bob = As(kBob);
  EXPECT_EQ(CodeOf([&] { service_.CheckUpload(as_bob, Upload(kAdasItem)); }), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CodeOf([&] { service_.StorePhoto(as_bob, Upload(kAdasItem), jpeg_, kNotCancelled); }),
            grpc::StatusCode::NOT_FOUND);
  v1::DownloadItemPhotoRequest download;
  download.set_item_id(kAdasItem);
  v1::PhotoInfo info;
  EXPECT_EQ(CodeOf([&] { service_.ReadPhoto(as_bob, download, &info); }), grpc::StatusCode::NOT_FOUND);
  v1::DeleteItemPhotoRequest del;
  del.set_item_id(kAdasItem);
  v1::DeleteItemPhotoResponse deleted;
  EXPECT_EQ(CodeOf([&] { service_.DeleteItemPhoto(as_bob, del, &deleted); }), grpc::StatusCode::NOT_FOUND);
  v1::AnalyzeItemRequest analyze;
  analyze.set_item_id(kAdasItem);
  v1::AnalyzeItemResponse analyzed;
  EXPECT_EQ(CodeOf([&] { service_.AnalyzeItem(as_bob, analyze, &analyzed); }), grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(store_.rows.commits, 0);
  EXPECT_EQ(store_.item(kAdasItem).photo->sha256, "old-sha");
  EXPECT_EQ(blobs().stored.size(), 2u);  // Ada's files; Bob's upload was taken back
  EXPECT_TRUE(store_.rows.jobs.empty());
  // Ada reaches it.
  service_.CheckUpload(As(kAda), Upload(kAdasItem));
  EXPECT_EQ(service_.ReadPhoto(As(kAda), download, &info), "old jpeg");
}

TEST_F(PhotoServiceTest, DeletingThePhotoCancelsItsQueuedAnalysis) {
  service_.StorePhoto(As(kAda), Upload(kAdasItem), jpeg_, kNotCancelled);
  const auto photo = *store_.item(kAdasItem).photo;
  ASSERT_NE(store_.rows.JobOf(kAdasItem, "queued"), nullptr);

  v1::DeleteItemPhotoRequest del;
  del.set_item_id(kAdasItem);
  v1::DeleteItemPhotoResponse resp;
  service_.DeleteItemPhoto(As(kAda), del, &resp);
  EXPECT_FALSE(resp.item().has_photo());
  EXPECT_EQ(resp.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_NO_PHOTO);
  EXPECT_EQ(store_.rows.JobOf(kAdasItem, "queued"), nullptr);
  EXPECT_NE(store_.rows.JobOf(kAdasItem, "cancelled"), nullptr);
  EXPECT_EQ(blobs().deleted, (std::vector<std::string>{photo.storage_key, photo.thumbnail_key}));
  EXPECT_TRUE(blobs().stored.empty());

  // Again: there is no photo to delete, and nothing changes.
  const int commits = store_.rows.commits;
  const ApiError again = ErrorOf([&] { service_.DeleteItemPhoto(As(kAda), del, &resp); });
  EXPECT_EQ(again.code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_STREQ(again.what(), "this item has no photo");
  EXPECT_EQ(store_.rows.commits, commits);
}

TEST_F(PhotoServiceTest, ReadingAPhotoGivesItsFileOrThumbnailOrSaysWhatIsMissing) {
  v1::DownloadItemPhotoRequest req;
  req.set_item_id(kAdasItem);
  v1::PhotoInfo info;
  const ApiError none = ErrorOf([&] { service_.ReadPhoto(As(kAda), req, &info); });
  EXPECT_EQ(none.code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_STREQ(none.what(), "this item has no photo");

  GiveAdasItemAPhoto();
  EXPECT_EQ(service_.ReadPhoto(As(kAda), req, &info), "old jpeg");
  EXPECT_EQ(info.sha256(), "old-sha");
  req.set_thumbnail(true);
  EXPECT_EQ(service_.ReadPhoto(As(kAda), req, &info), "old thumbnail");
  EXPECT_EQ(info.size_bytes(), static_cast<std::int64_t>(std::string("old thumbnail").size()));
  EXPECT_NE(info.sha256(), "old-sha");

  // A row that still names a file that is gone has lost data.
  blobs().stored.erase("photos/old.thumb");
  EXPECT_EQ(CodeOf([&] { service_.ReadPhoto(As(kAda), req, &info); }), grpc::StatusCode::DATA_LOSS);
}

TEST_F(PhotoServiceTest, AnalyzeItemWithoutAPhotoIsAFailedPrecondition) {
  v1::AnalyzeItemRequest req;
  req.set_item_id(kAdasItem);
  v1::AnalyzeItemResponse resp;
  const ApiError e = ErrorOf([&] { service_.AnalyzeItem(As(kAda), req, &resp); });
  EXPECT_EQ(e.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_STREQ(e.what(), "this item has no photo to analyse; upload one first");
  EXPECT_EQ(store_.rows.commits, 0);
  EXPECT_TRUE(store_.rows.jobs.empty());

  // With a photo: a new job (the queued one cancelled), overwriting when asked.
  GiveAdasItemAPhoto();
  service_.AnalyzeItem(As(kAda), req, &resp);
  req.set_overwrite_attributes(true);
  service_.AnalyzeItem(As(kAda), req, &resp);
  EXPECT_EQ(resp.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_PENDING);
  ASSERT_EQ(store_.rows.jobs.size(), 2u);
  EXPECT_EQ(store_.rows.jobs[0].status, "cancelled");
  EXPECT_EQ(store_.rows.jobs[1].status, "queued");
  EXPECT_TRUE(store_.rows.jobs[1].overwrite);
  EXPECT_EQ(store_.rows.jobs[1].sha256, "old-sha");
}

TEST_F(PhotoServiceTest, AnalyzeItemWithWaitStoresTheResultNowOrWritesNothing) {
  v1::AnalyzeItemRequest req;
  req.set_item_id(kAdasItem);
  req.set_wait(true);
  v1::AnalyzeItemResponse resp;
  EXPECT_EQ(CodeOf([&] { service_.AnalyzeItem(As(kAda), req, &resp); }), grpc::StatusCode::FAILED_PRECONDITION);
  GiveAdasItemAPhoto();
  EXPECT_EQ(CodeOf([&] { service_.AnalyzeItem(As(kBob), req, &resp); }), grpc::StatusCode::NOT_FOUND);

  // The model fails: UNAVAILABLE, no commit, no job, nothing on the item.
  analyzer_.failing = true;
  const int commits = store_.rows.commits;
  EXPECT_EQ(CodeOf([&] { service_.AnalyzeItem(As(kAda), req, &resp); }), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(store_.rows.commits, commits);
  EXPECT_TRUE(store_.rows.jobs.empty());
  EXPECT_FALSE(store_.item(kAdasItem).item.has_analysis());

  // It works: the stored photo was analysed, its fields filled and named.
  analyzer_.failing = false;
  analyzer_.result.mutable_category()->set_category(v1::CLOTHING_CATEGORY_TOP);
  service_.AnalyzeItem(As(kAda), req, &resp);
  ASSERT_EQ(analyzer_.analysed.size(), 2u);  // the failed try, then this one
  EXPECT_EQ(analyzer_.analysed[1], "old jpeg");
  EXPECT_TRUE(store_.rows.jobs.empty()) << "not queued";
  EXPECT_EQ(resp.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_EQ(resp.item().category(), v1::CLOTHING_CATEGORY_TOP);
  auto updated = [&] { return std::vector<std::string>(resp.updated_fields().begin(), resp.updated_fields().end()); };
  EXPECT_EQ(updated(), (std::vector<std::string>{"analysis", "category"}));

  // A field already set is kept unless overwrite is asked for.
  analyzer_.result.mutable_category()->set_category(v1::CLOTHING_CATEGORY_BOTTOM);
  analyzer_.result.mutable_type()->set_label("jeans");  // the analysis itself differs
  service_.AnalyzeItem(As(kAda), req, &resp);
  EXPECT_EQ(resp.item().category(), v1::CLOTHING_CATEGORY_TOP);
  EXPECT_EQ(updated(), (std::vector<std::string>{"analysis"}));
  req.set_overwrite_attributes(true);
  service_.AnalyzeItem(As(kAda), req, &resp);
  EXPECT_EQ(resp.item().category(), v1::CLOTHING_CATEGORY_BOTTOM);
  EXPECT_EQ(updated(), (std::vector<std::string>{"category"})) << "the same analysis again";

  // The photo is replaced while the model looks at the old one: nothing is
  // stored for the new photo, and the caller is told to try again.
  analyzer_.during = [this] { store_.AddPhoto(kAdasItem, "new-sha", "photos/new"); };
  const ApiError replaced = ErrorOf([&] { service_.AnalyzeItem(As(kAda), req, &resp); });
  EXPECT_EQ(replaced.code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(store_.item(kAdasItem).item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_SKIPPED)
      << "the new photo is not marked analysed";
}

TEST_F(PhotoServiceTest, ANewItemWithAPhotoIsAnalysedAtOnceOrQueuedForRetries) {
  analyzer_.result.mutable_category()->set_category(v1::CLOTHING_CATEGORY_TOP);
  const v1::ClothingItem done = service_.CreateItemWithPhoto(kAda, v1::ClothingItem(), jpeg_, kNotCancelled);
  EXPECT_EQ(done.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_EQ(done.category(), v1::CLOTHING_CATEGORY_TOP);
  ASSERT_EQ(analyzer_.analysed.size(), 1u);
  EXPECT_EQ(analyzer_.analysed[0], blobs().stored.at(store_.item(done.item_id()).photo->storage_key));
  EXPECT_TRUE(store_.rows.jobs.empty());

  analyzer_.failing = true;
  const v1::ClothingItem pending = service_.CreateItemWithPhoto(kAda, v1::ClothingItem(), jpeg_, kNotCancelled);
  EXPECT_EQ(pending.analysis_status(), v1::ITEM_ANALYSIS_STATUS_PENDING);
  EXPECT_FALSE(pending.has_analysis());
  ASSERT_NE(store_.rows.JobOf(pending.item_id(), "queued"), nullptr);
  EXPECT_FALSE(store_.rows.JobOf(pending.item_id(), "queued")->overwrite);
}

TEST_F(PhotoServiceTest, ANewItemWithAPhotoIsRefusedWhenTheWardrobeIsFull) {
  for (int i = 1; i < wardrobe::kMaxItemsPerUser; ++i) store_.AddItem(kAda, "item-" + std::to_string(i));
  const ApiError e = ErrorOf([&] { service_.CreateItemWithPhoto(kAda, v1::ClothingItem(), jpeg_, kNotCancelled); });
  EXPECT_EQ(e.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_STREQ(e.what(), "a wardrobe holds at most 10000 items");
  EXPECT_TRUE(blobs().stored.empty());
  EXPECT_EQ(static_cast<int>(store_.rows.items.size()), wardrobe::kMaxItemsPerUser);
  // Bob's wardrobe is his own.
  service_.CreateItemWithPhoto(kBob, v1::ClothingItem(), jpeg_, kNotCancelled);
}

}  // namespace
}  // namespace stylist::testing
