// Combines concurrent small writes into one statement and one commit.
//
// A commit waits for its WAL flush, and each statement pays PostgreSQL's
// per-statement work; for a one-row INSERT both dwarf the row itself. Here
// the first caller that finds no batch in flight becomes the writer: it
// writes what is queued (its own request first, up to max_batch) with one
// call of `write_all`, delivers each request's result to its `done`, and
// goes on with what queued meanwhile until the queue is empty. Callers
// arriving while a batch is written only queue their request and return at
// once: nobody waits for someone else's batch, so no thread is parked (an
// RPC worker is free for other calls at once) and the next batch takes all
// that arrived during the write, up to max_batch. A lone request is written
// at once: no timer, no added latency when idle; under load one commit
// serves many. At most max_queued requests wait; Submit refuses more.
//
// write_all gets the requests in arrival order and returns one result per
// request, in the same order. When the database refuses a batch's statement
// (pqxx::sql_error), a batch of more than one is written again one request
// at a time, so a request the database refuses fails alone and does not take
// the requests batched with it along. Anything else (connection lost, no
// connection free) fails every request of the batch with the same error.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include <pqxx/except>

namespace stylist::db {

template <typename Request, typename Result>
class GroupWriter {
 public:
  using WriteAll = std::function<std::vector<Result>(const std::vector<const Request*>&)>;
  // Gets the request's result; or (result null) the error writing it threw;
  // or (both null) nothing, because `wanted` said the request was no longer
  // wanted when its batch was formed, and it was not written. Runs on the
  // writer's thread, so it must not block, and must not throw.
  using Done = std::function<void(Result* result, std::exception_ptr error)>;
  // Asked just before the request is written (e.g. "has the caller not
  // given up?"); may be empty. Must not block or throw.
  using Wanted = std::function<bool()>;

  GroupWriter(std::size_t max_batch, std::size_t max_queued, WriteAll write_all)
      : max_batch_(std::max<std::size_t>(max_batch, 1)),
        max_queued_(std::max<std::size_t>(max_queued, 1)),
        write_all_(std::move(write_all)) {
    batch_.reserve(max_batch_);
  }

  // Queues the request; `done` gets its outcome exactly once, on whichever
  // thread writes its batch. If no batch is in flight, that is this thread,
  // before Submit returns, and it then also writes the batches queued behind
  // its own until none is left. Returns false, without queueing or calling
  // `done`, when max_queued requests are already waiting.
  bool Submit(Request request, Done done, Wanted wanted = {}) {
    std::unique_lock lock(mutex_);
    if (queue_.size() >= max_queued_) return false;
    queue_.push_back(Pending{std::move(request), std::move(done), std::move(wanted)});
    if (writing_) return true;  // the writer takes it with the next batch
    // From here nothing throws (Pending moves are noexcept, batch_ has room
    // for max_batch_), so writing_ is always cleared again.
    writing_ = true;
    for (;;) {
      while (!queue_.empty() && batch_.size() < max_batch_) {
        batch_.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      lock.unlock();
      WriteBatch(batch_);
      batch_.clear();  // the writer's alone while writing_ is set
      lock.lock();
      if (queue_.empty()) break;
    }
    writing_ = false;
    return true;
  }

 private:
  struct Pending {
    Request request;
    Done done;
    Wanted wanted;
  };
  static_assert(std::is_nothrow_move_constructible_v<Pending> && std::is_nothrow_move_assignable_v<Pending>,
                "the writer's loop relies on moving requests without throwing");

  // Every request gets its result or its error. noexcept: a `done` that
  // throws breaks its contract and ends the process rather than leave the
  // writer half way through a batch.
  void WriteBatch(std::vector<Pending>& batch) noexcept {
    // Requests no longer wanted leave the batch unwritten.
    const auto unwanted = std::stable_partition(batch.begin(), batch.end(),
                                                [](const Pending& p) { return !p.wanted || p.wanted(); });
    for (auto it = unwanted; it != batch.end(); ++it) it->done(nullptr, nullptr);
    batch.erase(unwanted, batch.end());
    if (batch.empty()) return;
    std::vector<Result> results;
    std::exception_ptr error;
    bool refused = false;  // the database refused the statement
    try {
      results = Write(batch.begin(), batch.end());
    } catch (const pqxx::sql_error&) {
      error = std::current_exception();
      refused = true;
    } catch (...) {
      error = std::current_exception();
    }
    if (!error) {
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(&results[i], nullptr);
      return;
    }
    if (!refused || batch.size() == 1) {
      for (Pending& p : batch) p.done(nullptr, error);
      return;
    }
    // One request at a time, so that only the refused one fails.
    for (auto it = batch.begin(); it != batch.end(); ++it) {
      std::vector<Result> one;
      std::exception_ptr its_error;
      try {
        one = Write(it, it + 1);
      } catch (...) {
        its_error = std::current_exception();
      }
      it->done(its_error ? nullptr : &one[0], its_error);
    }
  }

  using Iterator = typename std::vector<Pending>::iterator;
  std::vector<Result> Write(Iterator first, Iterator last) {
    std::vector<const Request*> requests;
    requests.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) requests.push_back(&it->request);
    auto results = write_all_(requests);
    if (results.size() != requests.size()) throw std::logic_error("GroupWriter: one result per request expected");
    return results;
  }

  const std::size_t max_batch_;
  const std::size_t max_queued_;
  const WriteAll write_all_;
  std::mutex mutex_;
  std::deque<Pending> queue_;
  bool writing_ = false;        // a thread is in Submit's writing loop
  std::vector<Pending> batch_;  // the writer's current batch
};

}  // namespace stylist::db
