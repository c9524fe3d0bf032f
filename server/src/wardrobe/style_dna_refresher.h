// Recomputes Style DNA in the background: the database marks a user's
// stored profile stale when their items, outfits or wear log change
// (migration 0022); once it has stayed stale for `settle` (a burst of edits
// costs one computation), a refresher recomputes it as the next version.
// Users are taken with SKIP LOCKED, so replicas share the work. Only users
// who have computed their Style DNA once have one to refresh.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "wardrobe/wardrobe_store.h"

namespace stylist::wardrobe {

struct StyleDnaRefreshOptions {
  std::chrono::milliseconds settle{30000};
  std::chrono::milliseconds poll_interval{5000};
};

class StyleDnaRefresher {
 public:
  StyleDnaRefresher(WardrobeStore& store, StyleDnaRefreshOptions options) : store_(store), options_(options) {}
  ~StyleDnaRefresher() { Stop(); }
  StyleDnaRefresher(const StyleDnaRefresher&) = delete;
  StyleDnaRefresher& operator=(const StyleDnaRefresher&) = delete;

  void Start();
  // Stops after the user in progress.
  void Stop();
  // Recomputes one due user's Style DNA; false when none is due.
  bool RunOne();

 private:
  void Run();

  WardrobeStore& store_;
  StyleDnaRefreshOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace stylist::wardrobe
