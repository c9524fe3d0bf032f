#include "db/pool.h"

#include "common/logging.h"
#include "db/sql_files.h"
#include "metrics/metrics.h"

namespace stylist::db {

Pool::Pool(PoolOptions options) : options_(std::move(options)) {
  connections_.resize(static_cast<std::size_t>(options_.size));
  for (std::size_t i = connections_.size(); i > 0; --i) idle_.push_back(i - 1);
}

Pool::~Pool() = default;

Pool::Lease::~Lease() {
  if (pool_) pool_->Release(slot_, broken_);
}

pqxx::connection& Pool::Lease::conn() { return *pool_->connections_[slot_]; }

std::unique_ptr<pqxx::connection> Pool::Connect() {
  auto conn = std::make_unique<pqxx::connection>(options_.url);
  conn->set_variable("statement_timeout", std::to_string(options_.statement_timeout.count()));
  conn->set_variable("application_name", "'stylist-server'");
  for (const auto& q : Queries()) conn->prepare(q.name, q.text);
  return conn;
}

Pool::Lease Pool::Acquire() {
  std::size_t slot;
  const auto asked = std::chrono::steady_clock::now();
  {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, options_.acquire_timeout, [this] { return !idle_.empty(); })) {
      lock.unlock();
      metrics::ObserveDbWait(std::chrono::steady_clock::now() - asked);
      throw Unavailable("database busy: no connection became free in time");
    }
    slot = idle_.back();
    idle_.pop_back();
  }
  metrics::ObserveDbWait(std::chrono::steady_clock::now() - asked);
  Lease lease(this, slot);
  auto& conn = connections_[slot];
  if (!conn || !conn->is_open()) {
    conn.reset();
    try {
      conn = Connect();
    } catch (const std::exception& e) {
      log::Warn("database connect failed", {{"error", e.what()}});
      throw Unavailable("database unavailable");
    }
  }
  return lease;
}

std::size_t Pool::InUse() {
  std::lock_guard lock(mutex_);
  return connections_.size() - idle_.size();
}

void Pool::Release(std::size_t slot, bool broken) {
  if (broken) {
    // Closing may block briefly on a dead socket; do it outside the lock.
    connections_[slot].reset();
  }
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(slot);
  }
  available_.notify_one();
}

void ThrowIfInfrastructure(const std::exception& e) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (!sql) return;
  const std::string& state = sql->sqlstate();
  if (state == "57014") {
    throw ApiError(grpc::StatusCode::UNAVAILABLE, "database statement timed out");
  }
  if (state == "53300" || state == "57P03" || state == "57P01" || state.rfind("08", 0) == 0) {
    throw Unavailable("database unavailable");
  }
}

}  // namespace stylist::db
