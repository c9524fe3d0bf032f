#pragma once
// One thread sleeps until another wakes it: a POSIX semaphore. Used where a
// waker hands a sleeper its work directly (the worker pool's idle workers),
// so the woken thread need not re-take a shared mutex the way a condition
// variable's waiter must. Not std::binary_semaphore:
// libstdc++'s spins with sched_yield before it sleeps, a syscall per
// hand-off on a busy machine.
//
// Post after writing what the sleeper will read; the sleeper reads it after
// Wait returns (the semaphore orders the two). The sleeper may destroy the
// Wakeup as soon as Wait returns: glibc's sem_post does not touch the
// semaphore after making it available.

#include <semaphore.h>

#include <cerrno>
#include <system_error>

namespace stylist {

class Wakeup {
 public:
  Wakeup() {
    if (sem_init(&sem_, 0, 0) != 0) throw std::system_error(errno, std::generic_category(), "sem_init");
  }
  ~Wakeup() { sem_destroy(&sem_); }
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  void Post() { sem_post(&sem_); }
  void Wait() {
    while (sem_wait(&sem_) != 0) {
      // EINTR only: the semaphore is valid for the Wakeup's whole life.
    }
  }

 private:
  sem_t sem_;
};

}  // namespace stylist
