#pragma once
// The one database access layer: a bounded pool of libpqxx connections.
// Every connection has all named queries (db/queries) prepared and a
// statement timeout. A broken connection is dropped and replaced on the next
// acquire, so the pool survives a database restart; callers get UNAVAILABLE
// (never a hang) while the database is away.

#include <pqxx/pqxx>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/api_error.h"

namespace stylist::db {

struct PoolOptions {
  std::string url;
  int size = 8;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds statement_timeout{5000};
};

class Pool {
 public:
  explicit Pool(PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  class Lease {
   public:
    Lease(Pool* pool, std::size_t slot) : pool_(pool), slot_(slot) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), slot_(other.slot_) { other.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& conn();
    void MarkBroken() { broken_ = true; }

   private:
    Pool* pool_;
    std::size_t slot_;
    bool broken_ = false;
  };

  // Throws ApiError(UNAVAILABLE) when no connection frees up in time or the
  // database cannot be reached.
  Lease Acquire();

  // Runs fn(pqxx::work&) in one transaction and commits. Database errors
  // that mean "the database is away or overloaded" become ApiErrors; other
  // pqxx errors (constraint violations) reach the caller unchanged.
  template <typename Fn>
  auto Transact(Fn&& fn) -> decltype(fn(std::declval<pqxx::work&>())) {
    return Run<pqxx::work>(std::forward<Fn>(fn));
  }

  // Runs fn(ReadTx&) outside a transaction block: each statement is its own
  // implicit transaction, saving the BEGIN and COMMIT round trips. For one
  // read statement, or reads that need not share one snapshot.
  using ReadTx = pqxx::nontransaction;
  // Runs fn(ReadTx&) for a single write statement, which commits by itself
  // (autocommit): atomic like a transaction, without the BEGIN and COMMIT
  // round trips. Never for two or more writes.
  template <typename Fn>
  auto WriteOne(Fn&& fn) -> decltype(fn(std::declval<ReadTx&>())) {
    return Run<ReadTx>(std::forward<Fn>(fn));
  }
  template <typename Fn>
  auto Read(Fn&& fn) -> decltype(fn(std::declval<ReadTx&>())) {
    return Run<ReadTx>(std::forward<Fn>(fn));
  }

  const PoolOptions& options() const { return options_; }
  // Connections leased now (of options().size).
  std::size_t InUse();

 private:
  template <typename Tx, typename Fn>
  auto Run(Fn&& fn) -> decltype(fn(std::declval<Tx&>()));
  void Release(std::size_t slot, bool broken);
  std::unique_ptr<pqxx::connection> Connect();
  [[noreturn]] static void Rethrow(const std::exception_ptr& e);

  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> connections_;
  std::vector<std::size_t> idle_;
};

// Maps a pqxx failure that is the database's state (lost connection, timeout,
// overload) to an ApiError; returns without throwing for anything else.
void ThrowIfInfrastructure(const std::exception& e);

template <typename Tx, typename Fn>
auto Pool::Run(Fn&& fn) -> decltype(fn(std::declval<Tx&>())) {
  // One retry when the connection turns out to be dead before the
  // transaction started: nothing was sent, so retrying is safe.
  for (int attempt = 0;; ++attempt) {
    Lease lease = Acquire();
    std::unique_ptr<Tx> tx;
    try {
      tx = std::make_unique<Tx>(lease.conn());
    } catch (const pqxx::broken_connection&) {
      lease.MarkBroken();
      if (attempt == 0) continue;
      throw Unavailable("database connection lost");
    }
    try {
      if constexpr (std::is_void_v<decltype(fn(*tx))>) {
        fn(*tx);
        tx->commit();
        return;
      } else {
        auto result = fn(*tx);
        tx->commit();
        return result;
      }
    } catch (const pqxx::broken_connection&) {
      lease.MarkBroken();
      throw Unavailable("database connection lost");
    } catch (const pqxx::in_doubt_error&) {
      lease.MarkBroken();
      throw Unavailable("database connection lost during commit; the outcome is unknown");
    } catch (const pqxx::sql_error& e) {
      ThrowIfInfrastructure(e);
      throw;
    }
  }
}

}  // namespace stylist::db
