// Workers that run the queued jobs of table analysis_jobs: claim a due job
// with SKIP LOCKED, run it (analyse an item's stored photo and store the
// result on the item; fetch an imported item's photo; refresh a user's
// Style DNA), or record the error and retry with exponential backoff until
// the job is dead-lettered. Jobs live in PostgreSQL, so they survive
// restarts and are shared by every replica.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analysis/clothing_analyzer.h"
#include "storage/blob_store.h"
#include "wardrobe/analysis_job_store.h"

namespace stylist::wardrobe {

struct QueueOptions {
  int workers = 2;
  int max_attempts = 5;
  std::chrono::milliseconds retry_delay{10000};
  std::chrono::milliseconds poll_interval{1000};
  // How long a claimed job is reserved for its worker.
  std::chrono::milliseconds lease{5 * 60 * 1000};
};

class AnalysisQueue {
 public:
  AnalysisQueue(AnalysisJobStore& jobs, storage::BlobStore& blobs, analysis::ClothingAnalyzer& analyzer,
                QueueOptions options);
  ~AnalysisQueue();

  void Start();
  // Lets running analyses finish, then stops the workers.
  void Stop();
  // A job was queued: wake an idle worker now rather than at its next poll.
  void Wake();

  // What runs a photo import job (Job::source_url set): fetches the photo
  // and stores it on the item, which queues its analysis; throws to fail
  // the attempt (retried like an analysis). Set before Start; without one,
  // import jobs fail.
  using PhotoImporter = std::function<void(const AnalysisJobStore::Job&)>;
  void SetPhotoImporter(PhotoImporter importer) { importer_ = std::move(importer); }

  // What runs a Style DNA refresh (Job::Kind::kStyleDna): recomputes the
  // user's stale profile, or answers how much longer to wait while their
  // wardrobe settles (the job is then deferred, its attempt not counted);
  // throws to fail the attempt. Set before Start; without one, these jobs
  // fail.
  using StyleDnaRefresh = std::function<std::optional<std::chrono::milliseconds>(const std::string& user_id)>;
  void SetStyleDnaRefresh(StyleDnaRefresh refresh) { style_dna_ = std::move(refresh); }

  int max_attempts() const { return options_.max_attempts; }

  // Claims and runs one job; false when none was due. What each worker
  // does in turn (public so tests run jobs one at a time, without workers).
  bool RunOne();

 private:
  void Run();

  AnalysisJobStore& jobs_;
  storage::BlobStore& blobs_;
  analysis::ClothingAnalyzer& analyzer_;
  PhotoImporter importer_;
  StyleDnaRefresh style_dna_;
  QueueOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int pending_wakes_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace stylist::wardrobe
