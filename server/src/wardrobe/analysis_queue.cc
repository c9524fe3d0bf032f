#include "wardrobe/analysis_queue.h"

#include "common/api_error.h"
#include "common/crypto.h"
#include "common/logging.h"

namespace stylist::wardrobe {

AnalysisQueue::AnalysisQueue(AnalysisJobStore& jobs, storage::BlobStore& blobs, analysis::ClothingAnalyzer& analyzer,
                             QueueOptions options)
    : jobs_(jobs), blobs_(blobs), analyzer_(analyzer), options_(options) {}

AnalysisQueue::~AnalysisQueue() { Stop(); }

void AnalysisQueue::Start() {
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { Run(); });
}

void AnalysisQueue::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void AnalysisQueue::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++pending_wakes_;
  }
  wake_.notify_one();
}

void AnalysisQueue::Run() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    bool worked = false;
    try {
      worked = RunOne();
    } catch (const std::exception& e) {
      // The database is away, most likely: wait for the next poll.
      log::Warn("analysis worker error", {{"error", e.what()}});
    }
    if (worked) continue;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || pending_wakes_ > 0; });
    if (pending_wakes_ > 0) --pending_wakes_;
  }
}

namespace {

// What a job does, in its errors and logs.
const char* WorkOf(const AnalysisJobStore::Job& job) {
  if (job.kind == AnalysisJobStore::Job::Kind::kStyleDna) return "style dna refresh";
  return job.source_url.empty() ? "analysis" : "photo import";
}

}  // namespace

bool AnalysisQueue::RunOne() {
  const auto job = jobs_.Claim(options_.lease);
  if (!job) return false;
  // Each job is a trace of its own: its log lines carry one id.
  const log::TraceScope traced(crypto::ToHex(crypto::RandomBytes(16)));

  std::string error;
  try {
    if (job->kind == AnalysisJobStore::Job::Kind::kStyleDna) {
      if (!style_dna_) throw std::runtime_error("this server refreshes no Style DNA");
      if (const auto wait = style_dna_(job->user_id)) {
        jobs_.Defer(*job, *wait);
      } else {
        jobs_.Complete(job->id);
      }
      return true;
    }
    if (!job->source_url.empty()) {
      if (!importer_) throw std::runtime_error("this server imports no photos");
      importer_(*job);
      // Storing the photo cancelled this job and queued the analysis; a
      // job still running here (the item had a photo already) is done.
      jobs_.Complete(job->id);
      Wake();
      return true;
    }
    const auto photo = jobs_.PhotoOf(job->user_id, job->item_id);
    if (!photo || photo->sha256 != job->sha256) {
      // The photo changed or went away since the job was queued: nothing to do.
      jobs_.Complete(job->id);
      return true;
    }
    auto bytes = blobs_.Get(photo->storage_key);
    if (!bytes) throw analysis::AnalyzerError("the stored photo is missing");
    const v1::ClothingAnalysis result = analyzer_.Analyze(*bytes);
    // A job cancelled meanwhile (a new photo, or AnalyzeItem queued a new
    // job), or taken by another worker after its lease ran out, stores
    // nothing: only the current job may write the item's fields.
    jobs_.CompleteWithResult(*job, result);
    return true;
  } catch (const analysis::AnalyzerError& e) {
    error = e.what();
  } catch (const ApiError& e) {
    error = e.what();
  } catch (const std::exception& e) {
    error = std::string(WorkOf(*job)) + " failed: " + e.what();
  }
  // Exponential backoff: delay, 2×delay, 4×delay, ...
  const auto delay = options_.retry_delay.count() << std::min(job->attempts - 1, 20);
  jobs_.Fail(*job, std::chrono::milliseconds(delay), error);
  log::Warn(std::string(WorkOf(*job)) + " attempt failed",
            {{"job_id", job->id}, {"user_id", job->user_id}, {"item_id", job->item_id}, {"attempt", job->attempts},
             {"max_attempts", job->max_attempts}, {"error", error}});
  return true;
}

}  // namespace stylist::wardrobe
