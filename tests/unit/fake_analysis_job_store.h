// An in-memory wardrobe::AnalysisJobStore for the analysis queue's unit
// tests, over the rows of a FakePhotoStore (the jobs its uploads queue, the
// items a result is stored on). It does what the statements of
// db/queries/analysis/ do, on the fake's clock (FakePhotoRows::now_ms).
#pragma once

#include "fake_photo_store.h"
#include "wardrobe/analysis_job_store.h"

namespace stylist::testing {

class FakeAnalysisJobStore final : public wardrobe::AnalysisJobStore {
 public:
  explicit FakeAnalysisJobStore(FakePhotoStore& photos) : photos_(photos) {}

  std::vector<std::chrono::milliseconds> retry_delays;  // of every Fail, in order

  std::optional<Job> Claim(std::chrono::milliseconds lease) override {
    std::lock_guard lock(photos_.mutex);
    FakePhotoRows& t = photos_.rows;
    FakePhotoRows::Job* next = nullptr;
    for (FakePhotoRows::Job& j : t.jobs) {
      const bool due = (j.status == "queued" && j.run_after_ms <= t.now_ms) ||
                       (j.status == "running" && j.locked_until_ms < t.now_ms);
      if (due && (!next || j.run_after_ms < next->run_after_ms)) next = &j;
    }
    if (!next) return std::nullopt;
    next->status = "running";
    next->attempts += 1;
    next->locked_until_ms = t.now_ms + lease.count();
    return Job{next->id,       next->item_id,  next->user_id,       next->sha256,
               next->overwrite, next->attempts, next->max_attempts, next->source_url,
               next->style_dna ? Job::Kind::kStyleDna : Job::Kind::kPhoto};
  }

  std::optional<wardrobe::StoredPhoto> PhotoOf(const std::string& user_id, const std::string& item_id) override {
    return photos_.PhotoOf(user_id, item_id).photo;
  }

  void Complete(std::int64_t job_id) override {
    std::lock_guard lock(photos_.mutex);
    Finish(job_id);
  }

  void Defer(const Job& job, std::chrono::milliseconds delay) override {
    std::lock_guard lock(photos_.mutex);
    FakePhotoRows::Job& j = At(job.id);
    if (j.status != "running" || j.attempts != job.attempts) return;
    j.status = "queued";
    j.attempts -= 1;
    j.run_after_ms = photos_.rows.now_ms + delay.count();
  }

  void CompleteWithResult(const Job& job, const v1::ClothingAnalysis& result) override {
    std::lock_guard lock(photos_.mutex);
    if (!Finish(job.id)) return;
    photos_.rows.StoreAnalysis(job.user_id, job.item_id, result, job.sha256, job.overwrite);
  }

  void Fail(const Job& job, std::chrono::milliseconds retry_after, const std::string& error) override {
    std::lock_guard lock(photos_.mutex);
    retry_delays.push_back(retry_after);
    FakePhotoRows& t = photos_.rows;
    FakePhotoRows::Job& j = At(job.id);
    if (j.status != "running") return;
    j.status = j.attempts >= j.max_attempts ? "dead" : "queued";
    j.run_after_ms = t.now_ms + retry_after.count();
    j.last_error = error;
    if (j.status != "dead" || j.style_dna) return;
    FakePhotoRows::Item* row = t.Find(job.user_id, job.item_id);
    const bool current = job.source_url.empty() ? row && row->photo && row->photo->sha256 == job.sha256
                                                : row && !row->photo;  // an import: still without its photo
    if (current) row->item.set_analysis_status(v1::ITEM_ANALYSIS_STATUS_FAILED);
  }

 private:
  FakePhotoRows::Job& At(std::int64_t job_id) { return photos_.rows.jobs.at(static_cast<std::size_t>(job_id - 1)); }
  // Marks a running job done; false when it was not running.
  bool Finish(std::int64_t job_id) {
    FakePhotoRows::Job& j = At(job_id);
    if (j.status != "running") return false;
    j.status = "done";
    j.last_error.clear();
    return true;
  }

  FakePhotoStore& photos_;
};

}  // namespace stylist::testing
