#include "wardrobe/style_dna_refresher.h"

#include "common/logging.h"
#include "wardrobe/style_dna.h"
#include "wardrobe/validation.h"

namespace stylist::wardrobe {

void StyleDnaRefresher::Start() {
  thread_ = std::thread([this] { Run(); });
}

void StyleDnaRefresher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool StyleDnaRefresher::RunOne() {
  return store_.RefreshStaleStyleDna(options_.settle, kMaxItemsPerUser, [](const WardrobeStore::StyleDnaInputs& in) {
    return ComputeStyleDna(in.items, in.outfits);
  });
}

void StyleDnaRefresher::Run() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    bool worked = false;
    try {
      worked = RunOne();
    } catch (const std::exception& e) {
      log::Warn("style dna refresh failed", {{"error", e.what()}});
    }
    if (worked) continue;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
  }
}

}  // namespace stylist::wardrobe
