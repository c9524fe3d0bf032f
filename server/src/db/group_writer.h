// Combines concurrent small writes into one statement and one commit.
//
// A commit waits for its WAL flush, and each statement pays PostgreSQL's
// per-statement work; for a one-row INSERT both dwarf the row itself. Here
// the first caller that finds no batch in flight writes everything queued so
// far (its own request included) with one call of `write_all`, and hands
// each waiting caller its own result; callers arriving meanwhile queue for
// the next batch. A lone request is written at once: no timer, no added
// latency when idle; under load one commit serves many requests. When a
// writer is done it hands the writing straight to the oldest waiting caller,
// so batches follow each other without a race for who writes next.
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
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <pqxx/except>

#include "common/wakeup.h"

namespace stylist::db {

template <typename Request, typename Result>
class GroupWriter {
 public:
  using WriteAll = std::function<std::vector<Result>(const std::vector<const Request*>&)>;

  GroupWriter(std::size_t max_batch, WriteAll write_all)
      : max_batch_(max_batch < 1 ? 1 : max_batch), write_all_(std::move(write_all)) {
    batch_.reserve(max_batch_);
  }

  // Blocks until the request is written; returns its result or rethrows
  // what writing it threw.
  Result Write(const Request& request) {
    Pending mine{&request};
    std::unique_lock lock(mutex_);
    queue_.push_back(&mine);
    if (writing_) {
      // Someone is writing: sleep until a writer has written this request
      // or hands it the next batch. Exactly one Post per wait, and nobody
      // touches `mine` after posting it, so no lock is needed on waking.
      lock.unlock();
      mine.wake.Wait();
      if (!mine.lead) return mine.Take();
      lock.lock();  // handed the next batch: writing_ is still set for us
    } else {
      writing_ = true;
    }
    // This thread writes: batches from the front of the queue until its own
    // request is written (the front is always the oldest request, so the
    // first batch takes ours unless max_batch requests are ahead of it).
    for (;;) {
      batch_.clear();  // reserved to max_batch_ up front: nothing here allocates
      while (!queue_.empty() && batch_.size() < max_batch_) {
        batch_.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      WriteBatch(batch_);
      const bool mine_written = std::find(batch_.begin(), batch_.end(), &mine) != batch_.end();
      // Still the writer, so batch_ is this thread's alone. Nobody touches
      // a Pending after posting it: its owner may return at once.
      for (Pending* p : batch_) {
        if (p != &mine) p->wake.Post();
      }
      lock.lock();
      if (mine_written) break;
    }
    // Hand the writing to the next in line, if any, with writing_ still set:
    // no newcomer can take it in between, and the woken thread need not
    // re-take the mutex to learn what it is to do.
    Pending* next = nullptr;
    if (queue_.empty()) {
      writing_ = false;
    } else {
      next = queue_.front();
      next->lead = true;
    }
    lock.unlock();
    if (next != nullptr) next->wake.Post();
    return mine.Take();
  }

 private:
  struct Pending {
    explicit Pending(const Request* r) : request(r) {}

    Result Take() {
      if (error) std::rethrow_exception(error);
      return std::move(*result);
    }

    const Request* request;
    std::optional<Result> result;
    std::exception_ptr error;
    bool lead = false;  // set by the writer that posts `wake` to hand over
    // Not a condition variable on mutex_: a woken caller does not have to
    // re-take the mutex the writer and newcomers hold (that contention was
    // a third of a creation's futex calls).
    Wakeup wake;
  };

  // Never throws: every failure lands in the requests' `error`.
  void WriteBatch(const std::vector<Pending*>& batch) noexcept {
    try {
      std::vector<const Request*> requests;
      requests.reserve(batch.size());
      for (const Pending* p : batch) requests.push_back(p->request);
      auto results = write_all_(requests);
      if (results.size() != batch.size()) throw std::logic_error("GroupWriter: one result per request expected");
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
      return;
    } catch (const pqxx::sql_error&) {
      if (batch.size() == 1) {
        batch[0]->error = std::current_exception();
        return;
      }
    } catch (...) {
      for (Pending* p : batch) p->error = std::current_exception();
      return;
    }
    for (Pending* p : batch) {
      try {
        auto results = write_all_(std::vector<const Request*>{p->request});
        if (results.size() != 1) throw std::logic_error("GroupWriter: one result per request expected");
        p->result = std::move(results[0]);
      } catch (...) {
        p->error = std::current_exception();
      }
    }
  }

  const std::size_t max_batch_;
  const WriteAll write_all_;
  std::mutex mutex_;
  std::deque<Pending*> queue_;
  bool writing_ = false;           // someone writes, or has been handed the writing
  std::vector<Pending*> batch_;    // the writer's current batch
};

}  // namespace stylist::db
