// Combines concurrent small writes into one statement and one commit.
//
// A commit waits for its WAL flush, and each statement pays PostgreSQL's
// per-statement work; for a one-row INSERT both dwarf the row itself. Here
// the first caller that finds no batch in flight writes everything queued so
// far (its own request included) with one call of `write_all`, and hands
// each waiting caller its own result; callers arriving meanwhile queue for
// the next batch. A lone request is written at once: no timer, no added
// latency when idle; under load one commit serves many requests.
//
// write_all gets the requests in arrival order and returns one result per
// request, in the same order. When the database refuses a batch's statement
// (pqxx::sql_error), a batch of more than one is written again one request
// at a time, so a request the database refuses fails alone and does not take
// the requests batched with it along. Anything else (connection lost, no
// connection free) fails every request of the batch with the same error.
#pragma once

#include <algorithm>
#include <condition_variable>
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

namespace stylist::db {

template <typename Request, typename Result>
class GroupWriter {
 public:
  using WriteAll = std::function<std::vector<Result>(const std::vector<const Request*>&)>;

  GroupWriter(std::size_t max_batch, WriteAll write_all)
      : max_batch_(max_batch < 1 ? 1 : max_batch), write_all_(std::move(write_all)) {}

  // Blocks until the request is written; returns its result or rethrows
  // what writing it threw.
  Result Write(const Request& request) {
    Pending mine{&request};
    std::unique_lock lock(mutex_);
    queue_.push_back(&mine);
    while (!mine.done) {
      if (writing_) {
        mine.wake.wait(lock);
        continue;
      }
      std::vector<Pending*> batch;
      batch.reserve(std::min(queue_.size(), max_batch_));  // may throw: before writing_ is set
      writing_ = true;  // from here to its reset nothing throws
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      WriteBatch(batch);
      lock.lock();
      writing_ = false;
      // Wake only those written and the next in line (who writes the next
      // batch): waking every waiter cost a fifth of a creation's CPU.
      for (Pending* p : batch) {
        p->done = true;
        if (p != &mine) p->wake.notify_one();
      }
      if (!queue_.empty() && queue_.front() != &mine) queue_.front()->wake.notify_one();
    }
    if (mine.error) std::rethrow_exception(mine.error);
    return std::move(*mine.result);
  }

 private:
  struct Pending {
    explicit Pending(const Request* r) : request(r) {}
    const Request* request;
    std::optional<Result> result;
    std::exception_ptr error;
    bool done = false;
    std::condition_variable wake;
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
  bool writing_ = false;
};

}  // namespace stylist::db
