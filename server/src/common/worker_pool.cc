#include "common/worker_pool.h"

#include "common/logging.h"

#include <exception>

namespace stylist {

WorkerPool::WorkerPool(std::string name, std::size_t threads, std::size_t max_queued)
    : name_(std::move(name)), max_queued_(max_queued) {
  workers_.reserve(threads);
  idle_.reserve(threads);
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    workers_.push_back(std::make_unique<Worker>());
    threads_.emplace_back([this, w = workers_.back().get()] { Run(*w); });
  }
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::TrySubmit(std::function<void()> task) {
  Worker* idle = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    if (idle_.empty()) {
      queue_.push_back(std::move(task));
      return true;
    }
    idle = idle_.back();
    idle_.pop_back();
    idle->handed = std::move(task);
  }
  idle->wake.Post();
  return true;
}

void WorkerPool::Shutdown() {
  std::vector<Worker*> sleeping;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    sleeping.swap(idle_);
  }
  // Busy workers see stopping_ when they next look for work; sleeping
  // ones are woken with nothing handed to them, to look once more.
  for (Worker* w : sleeping) w->wake.Post();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::Run(Worker& self) {
  for (;;) {
    std::function<void()> task;
    {
      std::lock_guard lock(mutex_);
      if (!queue_.empty()) {
        task = std::move(queue_.front());
        queue_.pop_front();
      } else if (stopping_) {
        return;  // stopping and drained
      } else {
        idle_.push_back(&self);
      }
    }
    if (!task) {
      self.wake.Wait();
      task = std::move(self.handed);
      self.handed = nullptr;
      if (!task) continue;  // woken by Shutdown
    }
    RunTask(task);
  }
}

void WorkerPool::RunTask(std::function<void()>& task) noexcept {
  try {
    task();
  } catch (const std::exception& e) {
    // Tasks handle their own errors; this is a last line of defence.
    log::Error("worker task threw", {{"pool", name_}, {"error", e.what()}});
  } catch (...) {
    log::Error("worker task threw", {{"pool", name_}, {"error", "an exception of unknown type"}});
  }
}

}  // namespace stylist
