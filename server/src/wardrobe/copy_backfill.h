// Rows written before migration 0010 have no binary copies of their photo
// facts and analysis, and every read decodes their JSON instead (about
// 100 µs per item). This fills the copies once, in the background after
// start: small batches, each its own transaction, rows taken with SKIP
// LOCKED (replicas share the work, and a user's write is never held up for
// long; a row locked at that moment is left for the next start). Nothing a
// client reads changes, so neither the rows' change sequence nor their
// update time moves.
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>

#include "wardrobe/copy_backfill_store.h"

namespace stylist::wardrobe {

class CopyBackfill {
 public:
  explicit CopyBackfill(CopyBackfillStore& store, int batch = 200) : store_(store), batch_(batch) {}
  ~CopyBackfill() { Stop(); }
  CopyBackfill(const CopyBackfill&) = delete;
  CopyBackfill& operator=(const CopyBackfill&) = delete;

  void Start();
  // Stops after the batch in progress.
  void Stop();

 private:
  // Runs every batch until no row is missing a copy (or Stop); returns the
  // rows filled.
  std::size_t RunToEnd();

  CopyBackfillStore& store_;
  const int batch_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace stylist::wardrobe
