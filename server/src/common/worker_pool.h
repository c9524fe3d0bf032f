#pragma once
// A fixed set of threads with a bounded queue. Blocking work (database,
// password hashing, later inference and outbound HTTP) runs here, never on
// gRPC's own threads. When the queue is full TrySubmit refuses, and the caller
// answers RESOURCE_EXHAUSTED instead of queueing without bound.
//
// A task submitted while a worker is idle is handed to that worker directly
// and wakes it alone (common/wakeup.h): the woken worker takes no lock on
// its way out of the wait, so a hand-off costs one wake-up and no contention
// on the pool's mutex (a shared condition variable made every woken worker re-take the
// mutex the submitters hold, which was most of the server's futex calls).
// Idle workers are reused last-in first-out, so a lightly loaded pool keeps
// running on the same few warm threads.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/wakeup.h"

namespace stylist {

class WorkerPool {
 public:
  WorkerPool(std::string name, std::size_t threads, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is shutting down.
  bool TrySubmit(std::function<void()> task);

  // Stops taking work, runs what is queued, joins the threads.
  void Shutdown();

  std::size_t queued() const;
  std::size_t threads() const { return threads_.size(); }

 private:
  // One per thread. `handed` is written under the pool's mutex before
  // `wake` is posted, and read by the worker after waiting on it.
  struct Worker {
    Wakeup wake;
    std::function<void()> handed;  // empty: woken to re-check (shutdown)
  };

  void Run(Worker& self);
  void RunTask(std::function<void()>& task) noexcept;

  const std::string name_;
  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::deque<std::function<void()>> queue_;  // only ever non-empty while no worker is idle
  std::vector<Worker*> idle_;                // last-in first-out
  bool stopping_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace stylist
