#pragma once
// The analysis queue's table (analysis_jobs) and what a job reads and
// writes of its item: the only code of the queue that speaks SQL
// (PgAnalysisJobStore), behind an interface so the queue's rules (retries
// with exponential backoff, the dead letter after the last attempt, a
// result stored only for the photo the job was queued for) are unit-tested
// with an in-memory fake (tests/unit/fake_analysis_job_store.h).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "db/pool.h"
#include "stylist/v1/common.pb.h"
#include "wardrobe/photo_store.h"

namespace stylist::wardrobe {

class AnalysisJobStore {
 public:
  virtual ~AnalysisJobStore() = default;

  struct Job {
    std::int64_t id = 0;
    std::string item_id, user_id;
    std::string sha256;  // the photo it analyses
    bool overwrite = false;  // the item's own fields too, not only the empty ones
    int attempts = 0;  // counting this one
    int max_attempts = 0;
    // Set for an imported item: the job first fetches the item's photo from
    // here and stores it (which queues the analysis proper); sha256 is "".
    std::string source_url;
    // A photo's job (analysis or import), or a refresh of the user's Style
    // DNA (queued by the database when their wardrobe changes; item_id "").
    enum class Kind { kPhoto, kStyleDna };
    Kind kind = Kind::kPhoto;
  };
  // Takes the next due job (queued and due, or running with its worker's
  // lease run out) for `lease`, counting an attempt; nullopt when none is due.
  virtual std::optional<Job> Claim(std::chrono::milliseconds lease) = 0;

  // The item's photo as stored now; nullopt when the item or its photo is gone.
  virtual std::optional<StoredPhoto> PhotoOf(const std::string& user_id, const std::string& item_id) = 0;

  // Marks the running job done, storing nothing.
  virtual void Complete(std::int64_t job_id) = 0;
  // Puts the running job back in the queue, due after `delay`, without
  // counting its attempt; nothing when another worker has taken it since.
  virtual void Defer(const Job& job, std::chrono::milliseconds delay) = 0;
  // Marks the running job done and stores its result on the item (see
  // StoreAnalysis in store.h: only while the item has the job's photo). A
  // job no longer running (cancelled meanwhile, or taken by another worker
  // after its lease ran out) stores nothing.
  virtual void CompleteWithResult(const Job& job, const v1::ClothingAnalysis& result) = 0;
  // Records a failed attempt of the running job: queued again after
  // `retry_after`, or dead after its last attempt (the item's analysis is
  // then marked failed, if the item still has the job's photo, or for a
  // photo import, while the item still has none; a Style DNA refresh
  // marks nothing: the next change queues a new one).
  virtual void Fail(const Job& job, std::chrono::milliseconds retry_after, const std::string& error) = 0;
};

class PgAnalysisJobStore final : public AnalysisJobStore {
 public:
  explicit PgAnalysisJobStore(db::Pool& pool) : pool_(pool) {}

  std::optional<Job> Claim(std::chrono::milliseconds lease) override;
  std::optional<StoredPhoto> PhotoOf(const std::string& user_id, const std::string& item_id) override;
  void Complete(std::int64_t job_id) override;
  void Defer(const Job& job, std::chrono::milliseconds delay) override;
  void CompleteWithResult(const Job& job, const v1::ClothingAnalysis& result) override;
  void Fail(const Job& job, std::chrono::milliseconds retry_after, const std::string& error) override;

  // The queue's size by state and the age of its oldest unfinished job,
  // for the metrics.
  struct QueueStats {
    long long queued = 0, running = 0, dead = 0;
    double oldest_age_seconds = 0;
  };
  QueueStats Stats();

 private:
  db::Pool& pool_;
};

}  // namespace stylist::wardrobe
