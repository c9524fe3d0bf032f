#pragma once
// A fixed set of threads with a bounded queue. Blocking work (database,
// password hashing, later inference and outbound HTTP) runs here, never on
// gRPC's own threads. When the queue is full TrySubmit refuses, and the caller
// answers RESOURCE_EXHAUSTED instead of queueing without bound.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  void Run();

  const std::string name_;
  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace stylist
