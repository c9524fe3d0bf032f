// The analysis queue's rules on in-memory stores (fake_analysis_job_store.h
// over fake_photo_store.h), one job at a time (RunOne, no workers): a result
// lands on the item, a failed attempt is retried after growing delays until
// the job is dead-lettered, and a job whose photo was replaced stores nothing.
#include <gtest/gtest.h>

#include "fake_analysis_job_store.h"
#include "fake_photo_store.h"
#include "service_test_support.h"
#include "wardrobe/analysis_queue.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kItem[] = "00000000-0000-4000-8000-0000000000c1";

wardrobe::QueueOptions Options() {
  wardrobe::QueueOptions o;
  o.max_attempts = 4;
  o.retry_delay = std::chrono::milliseconds(10);
  o.lease = std::chrono::milliseconds(60000);
  return o;
}

class AnalysisQueueTest : public ::testing::Test {
 protected:
  AnalysisQueueTest() : jobs_(store_), queue_(jobs_, blobs_, analyzer_, Options()) {
    store_.AddItem(kAda, kItem);
    store_.AddPhoto(kItem, "sha-1", "photos/1");
    blobs_.stored["photos/1"] = "jpeg 1";
    store_.rows.Enqueue(kAda, kItem, "sha-1", false, queue_.max_attempts());
    analyzer_.result.mutable_category()->set_category(v1::CLOTHING_CATEGORY_TOP);
  }
  const FakePhotoRows::Job& job() { return store_.rows.jobs.at(0); }

  FakePhotoStore store_;
  FakeAnalysisJobStore jobs_;
  RecordingBlobStore blobs_;
  ScriptedAnalyzer analyzer_;
  wardrobe::AnalysisQueue queue_;
};

TEST_F(AnalysisQueueTest, AResultIsStoredOnTheItem) {
  EXPECT_TRUE(queue_.RunOne());
  EXPECT_EQ(analyzer_.analysed, std::vector<std::string>{"jpeg 1"});
  EXPECT_EQ(job().status, "done");
  const v1::ClothingItem& item = store_.item(kItem).item;
  EXPECT_EQ(item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_EQ(item.category(), v1::CLOTHING_CATEGORY_TOP);
  EXPECT_FALSE(queue_.RunOne());  // nothing left
}

TEST_F(AnalysisQueueTest, AFailedAttemptIsRetriedAfterGrowingDelaysThenDeadLettered) {
  analyzer_.failing = true;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    ASSERT_TRUE(queue_.RunOne()) << attempt;
    EXPECT_EQ(job().attempts, attempt);
    EXPECT_EQ(job().last_error, "the model is away");
    if (attempt < 4) {
      EXPECT_EQ(job().status, "queued");
      EXPECT_FALSE(queue_.RunOne()) << "not due before its delay";
      store_.rows.now_ms = job().run_after_ms;
    }
  }
  EXPECT_EQ(jobs_.retry_delays, (std::vector<std::chrono::milliseconds>{
                                    std::chrono::milliseconds(10), std::chrono::milliseconds(20),
                                    std::chrono::milliseconds(40), std::chrono::milliseconds(80)}));
  EXPECT_EQ(job().status, "dead");
  EXPECT_EQ(store_.item(kItem).item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_FAILED);
  store_.rows.now_ms += 1000000;
  EXPECT_FALSE(queue_.RunOne());
  EXPECT_EQ(analyzer_.calls, 4);
}

TEST_F(AnalysisQueueTest, AMissingPhotoFileIsAFailedAttempt) {
  blobs_.stored.clear();
  EXPECT_TRUE(queue_.RunOne());
  EXPECT_EQ(analyzer_.calls, 0);
  EXPECT_EQ(job().status, "queued");
  EXPECT_EQ(job().last_error, "the stored photo is missing");
}

TEST_F(AnalysisQueueTest, AJobForAPhotoReplacedSinceItWasQueuedAnalysesNothing) {
  store_.AddPhoto(kItem, "sha-2", "photos/2");
  blobs_.stored["photos/2"] = "jpeg 2";
  EXPECT_TRUE(queue_.RunOne());
  EXPECT_EQ(analyzer_.calls, 0);
  EXPECT_EQ(job().status, "done");
  EXPECT_FALSE(store_.item(kItem).item.has_analysis());
}

TEST_F(AnalysisQueueTest, AFinishedAnalysisOfAPhotoReplacedMeanwhileIsNotStored) {
  analyzer_.during = [&] { store_.AddPhoto(kItem, "sha-2", "photos/2"); };
  EXPECT_TRUE(queue_.RunOne());
  EXPECT_EQ(analyzer_.calls, 1);
  EXPECT_FALSE(store_.item(kItem).item.has_analysis());
  EXPECT_NE(store_.item(kItem).item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_EQ(store_.item(kItem).item.category(), v1::CLOTHING_CATEGORY_UNSPECIFIED);
}

TEST_F(AnalysisQueueTest, AJobCancelledWhileItRanStoresNothing) {
  // AnalyzeItem queued a new job meanwhile: only that one may write the item.
  analyzer_.during = [&] {
    store_.RequeueAnalysis(kAda, kItem, true, queue_.max_attempts(), [](bool) {});
  };
  EXPECT_TRUE(queue_.RunOne());
  EXPECT_EQ(job().status, "cancelled");
  EXPECT_FALSE(store_.item(kItem).item.has_analysis());
  EXPECT_EQ(store_.item(kItem).item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_PENDING);
}

TEST_F(AnalysisQueueTest, APhotoImportJobRunsTheImporterAndIsRetriedLikeAnAnalysis) {
  constexpr char kImported[] = "00000000-0000-4000-8000-0000000000c2";
  store_.rows.jobs.at(0).status = "done";  // the fixture's analysis is not this test's
  store_.AddItem(kAda, kImported);
  FakePhotoRows::Job import;
  import.id = 2;
  import.item_id = kImported;
  import.user_id = kAda;
  import.max_attempts = 2;
  import.source_url = "https://abcd.supabase.co/storage/v1/object/public/w/a.jpg";
  store_.rows.jobs.push_back(import);

  // Without an importer (a server that imports nothing) it fails.
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(store_.rows.jobs.at(1).status, "queued");
  EXPECT_EQ(store_.rows.jobs.at(1).last_error, "photo import failed: this server imports no photos");
  EXPECT_EQ(analyzer_.calls, 0) << "an import job analyses nothing itself";

  std::vector<std::string> fetched;
  bool reachable = false;
  queue_.SetPhotoImporter([&](const wardrobe::AnalysisJobStore::Job& job) {
    fetched.push_back(job.source_url);
    if (!reachable) throw std::runtime_error("HTTP 404");
  });
  store_.rows.now_ms = store_.rows.jobs.at(1).run_after_ms;
  store_.rows.jobs.at(1).max_attempts = 3;
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(store_.rows.jobs.at(1).last_error, "photo import failed: HTTP 404");
  EXPECT_EQ(store_.rows.jobs.at(1).status, "queued");
  reachable = true;
  store_.rows.now_ms = store_.rows.jobs.at(1).run_after_ms;
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(store_.rows.jobs.at(1).status, "done");
  EXPECT_EQ(fetched, (std::vector<std::string>{import.source_url, import.source_url}));
  EXPECT_EQ(jobs_.retry_delays, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(10),
                                                                        std::chrono::milliseconds(20)}));

  // One that never succeeds marks the item's analysis failed while it
  // still has no photo.
  import.id = 3;
  import.max_attempts = 1;
  import.run_after_ms = store_.rows.now_ms - 1;
  store_.rows.jobs.push_back(import);
  reachable = false;
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(store_.rows.jobs.at(2).status, "dead");
  EXPECT_EQ(store_.item(kImported).item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_FAILED);
}

TEST_F(AnalysisQueueTest, AStyleDnaJobWaitsForItsWardrobeToSettleThenRefreshesWithRetries) {
  ASSERT_TRUE(queue_.RunOne());  // the photo's analysis, out of the way
  FakePhotoRows::Job refresh;
  refresh.id = 2;
  refresh.user_id = kAda;
  refresh.max_attempts = 2;
  refresh.style_dna = true;
  refresh.run_after_ms = store_.rows.now_ms;
  store_.rows.jobs.push_back(refresh);
  const FakePhotoRows::Job& job = store_.rows.jobs.at(1);

  // Without a refresh (a server that refreshes none) it fails, an attempt.
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(job.status, "queued");
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(job.last_error, "style dna refresh failed: this server refreshes no Style DNA");

  // Not settled: deferred by what it answers, the attempt not counted.
  std::vector<std::string> refreshed;
  std::optional<std::chrono::milliseconds> wait = std::chrono::milliseconds(700);
  queue_.SetStyleDnaRefresh([&](const std::string& user_id) {
    refreshed.push_back(user_id);
    if (user_id.empty()) throw std::runtime_error("no user");
    return wait;
  });
  store_.rows.now_ms = job.run_after_ms;
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(job.status, "queued");
  EXPECT_EQ(job.attempts, 1) << "a wait is no attempt";
  EXPECT_EQ(job.run_after_ms, store_.rows.now_ms + 700);
  EXPECT_FALSE(queue_.RunOne()) << "not due before it settles";

  // Settled: refreshed and done; the photo's analysis ran once only.
  wait.reset();
  store_.rows.now_ms = job.run_after_ms;
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(job.status, "done");
  EXPECT_EQ(refreshed, (std::vector<std::string>{kAda, kAda}));
  EXPECT_EQ(analyzer_.calls, 1);

  // One that keeps failing is dead-lettered; no item is marked failed.
  refresh.id = 3;
  refresh.user_id = "";
  refresh.max_attempts = 1;
  store_.rows.jobs.push_back(refresh);
  ASSERT_TRUE(queue_.RunOne());
  EXPECT_EQ(store_.rows.jobs.at(2).status, "dead");
  EXPECT_EQ(store_.rows.jobs.at(2).last_error, "style dna refresh failed: no user");
  EXPECT_EQ(store_.item(kItem).item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
}

}  // namespace
}  // namespace stylist::testing
