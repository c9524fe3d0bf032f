#include "wardrobe/analysis_queue.h"

#include <nlohmann/json.hpp>

#include "common/api_error.h"
#include "common/logging.h"
#include "common/proto_util.h"
#include "wardrobe/store.h"
#include "db/queries.h"

namespace stylist::wardrobe {

AnalysisQueue::AnalysisQueue(db::Pool& pool, storage::BlobStore& blobs, analysis::ClothingAnalyzer& analyzer,
                             QueueOptions options)
    : pool_(pool), blobs_(blobs), analyzer_(analyzer), options_(options) {}

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

bool AnalysisQueue::RunOne() {
  struct Job {
    std::int64_t id;
    std::string item_id, user_id, sha256;
    bool overwrite;
    int attempts, max_attempts;
  };
  auto job = pool_.Transact([&](pqxx::work& tx) -> std::optional<Job> {
    auto r = db::Exec(tx, sql::analysis::claim, static_cast<std::int64_t>(options_.lease.count()));
    if (r.empty()) return std::nullopt;
    return Job{r[0][0].as<std::int64_t>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
               r[0][3].as<std::string>(), r[0][4].as<bool>(), r[0][5].as<int>(), r[0][6].as<int>()};
  });
  if (!job) return false;

  std::string error;
  std::optional<v1::ClothingAnalysis> result;
  try {
    auto photo = pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<std::string> {
      auto r = db::Exec(tx, sql::photo::get, job->item_id, job->user_id);
      if (r.empty() || r[0][0].is_null()) return std::nullopt;
      return r[0][0].as<std::string>();
    });
    const auto info = photo ? nlohmann::json::parse(*photo) : nlohmann::json();
    if (!photo || info.value("sha256", "") != job->sha256) {
      // The photo changed or went away since the job was queued: nothing to do.
      pool_.Transact([&](pqxx::work& tx) { db::Exec(tx, sql::analysis::complete, job->id); });
      return true;
    }
    auto bytes = blobs_.Get(info.value("storage_key", ""));
    if (!bytes) throw analysis::AnalyzerError("the stored photo is missing");
    result = analyzer_.Analyze(*bytes);
  } catch (const analysis::AnalyzerError& e) {
    error = e.what();
  } catch (const ApiError& e) {
    error = e.what();
  } catch (const std::exception& e) {
    error = std::string("analysis failed: ") + e.what();
  }

  pool_.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, job->user_id);
    if (result) {
      // A job cancelled meanwhile (a new photo, or AnalyzeItem queued a new
      // job), or taken by another worker after its lease ran out, stores
      // nothing: only the current job may write the item's fields.
      if (db::Exec(tx, sql::analysis::complete, job->id).empty()) return;
      StoreAnalysis(tx, job->user_id, job->item_id, *result, job->sha256, job->overwrite, change);
      return;
    }
    // Exponential backoff: delay, 2×delay, 4×delay, ...
    const auto delay = options_.retry_delay.count() << std::min(job->attempts - 1, 20);
    auto r = db::Exec(tx, sql::analysis::fail, job->id, static_cast<std::int64_t>(delay), error);
    if (!r.empty() && r[0][0].as<std::string>() == "dead") {
      db::Exec(tx, sql::analysis::mark_failed, job->item_id, job->user_id, job->sha256, change);
    }
  });
  if (!result) {
    log::Warn("analysis attempt failed", {{"job_id", job->id}, {"item_id", job->item_id},
                                          {"attempt", job->attempts}, {"max_attempts", job->max_attempts},
                                          {"error", error}});
  }
  return true;
}

}  // namespace stylist::wardrobe
