#include "wardrobe/analysis_job_store.h"

#include "db/queries.h"
#include "wardrobe/pg_rows.h"

namespace stylist::wardrobe {

std::optional<AnalysisJobStore::Job> PgAnalysisJobStore::Claim(std::chrono::milliseconds lease) {
  return pool_.Transact([&](pqxx::work& tx) -> std::optional<Job> {
    auto r = db::Exec(tx, sql::analysis::claim, static_cast<std::int64_t>(lease.count()));
    if (r.empty()) return std::nullopt;
    return Job{r[0][0].as<std::int64_t>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
               r[0][3].as<std::string>(), r[0][4].as<bool>(), r[0][5].as<int>(), r[0][6].as<int>(),
               r[0][7].as<std::string>(),
               r[0][8].as<std::string>() == "style_dna" ? Job::Kind::kStyleDna : Job::Kind::kPhoto};
  });
}

std::optional<StoredPhoto> PgAnalysisJobStore::PhotoOf(const std::string& user_id, const std::string& item_id) {
  auto photo = pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<std::string> {
    auto r = db::Exec(tx, sql::photo::get, item_id, user_id);
    if (r.empty() || r[0][0].is_null()) return std::nullopt;
    return r[0][0].as<std::string>();
  });
  if (!photo) return std::nullopt;
  return StoredPhotoFrom(std::move(*photo));
}

PgAnalysisJobStore::QueueStats PgAnalysisJobStore::Stats() {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    const auto row = db::Exec1(tx, sql::analysis::queue_stats);
    return QueueStats{row[0].as<long long>(), row[1].as<long long>(), row[2].as<long long>(), row[3].as<double>()};
  });
}

void PgAnalysisJobStore::Complete(std::int64_t job_id) {
  pool_.Transact([&](pqxx::work& tx) { db::Exec(tx, sql::analysis::complete, job_id); });
}

void PgAnalysisJobStore::Defer(const Job& job, std::chrono::milliseconds delay) {
  pool_.Transact([&](pqxx::work& tx) {
    db::Exec(tx, sql::analysis::defer, job.id, static_cast<std::int64_t>(delay.count()), job.attempts);
  });
}

void PgAnalysisJobStore::CompleteWithResult(const Job& job, const v1::ClothingAnalysis& result) {
  pool_.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, job.user_id);
    if (db::Exec(tx, sql::analysis::complete, job.id).empty()) return;
    StoreAnalysis(tx, job.user_id, job.item_id, result, job.sha256, job.overwrite, change);
  });
}

void PgAnalysisJobStore::Fail(const Job& job, std::chrono::milliseconds retry_after, const std::string& error) {
  pool_.Transact([&](pqxx::work& tx) {
    if (job.kind == Job::Kind::kStyleDna) {
      db::Exec(tx, sql::analysis::fail, job.id, static_cast<std::int64_t>(retry_after.count()), error);
      return;
    }
    const auto change = NextChange(tx, job.user_id);
    auto r = db::Exec(tx, sql::analysis::fail, job.id, static_cast<std::int64_t>(retry_after.count()), error);
    if (r.empty() || r[0][0].as<std::string>() != "dead") return;
    if (job.source_url.empty()) {
      db::Exec(tx, sql::analysis::mark_failed, job.item_id, job.user_id, job.sha256, change);
    } else {
      db::Exec(tx, sql::analysis::mark_import_failed, job.item_id, job.user_id, change);
    }
  });
}

}  // namespace stylist::wardrobe
