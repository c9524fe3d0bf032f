#include "wardrobe/copy_backfill.h"

#include <chrono>
#include <string>

#include "common/logging.h"
#include "common/proto_util.h"
#include "stylist/v1/common.pb.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::wardrobe {
namespace {

// The serialised message of a stored JSON form; empty for none.
template <typename Message>
std::string Serialised(const std::optional<std::string>& json) {
  if (!json) return "";
  Message m;
  proto::FromJson(*json, &m);
  return m.SerializeAsString();
}

}  // namespace

void CopyBackfill::Start() {
  thread_ = std::thread([this] {
    try {
      const auto start = std::chrono::steady_clock::now();
      const std::size_t filled = RunToEnd();
      if (filled > 0) {
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        log::Info("binary copies filled for items written before migration 0010",
                  {{"rows", filled}, {"duration_ms", ms}});
      }
    } catch (const std::exception& e) {
      // The rows stay readable from their JSON; the next start tries again.
      log::Warn("binary copy backfill stopped", {{"error", e.what()}});
    }
  });
}

void CopyBackfill::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::size_t CopyBackfill::RunToEnd() {
  std::size_t filled = 0;
  std::string after = "00000000-0000-0000-0000-000000000000";
  while (!stopping_) {
    const auto batch = store_.FillBatch(after, batch_, [](const CopyBackfillStore::MissingCopies& row)
                                            -> std::optional<CopyBackfillStore::Copies> {
      try {
        return CopyBackfillStore::Copies{Serialised<v1::PhotoInfo>(row.photo_json),
                                         Serialised<v1::ClothingAnalysis>(row.analysis_json)};
      } catch (const std::runtime_error& e) {
        // JSON this server cannot decode stays as it is, read as before.
        log::Warn("item left without binary copies", {{"item_id", row.item_id}, {"error", e.what()}});
        return std::nullopt;
      }
    });
    filled += static_cast<std::size_t>(batch.filled);
    if (batch.seen < batch_) break;
  }
  return filled;
}

}  // namespace stylist::wardrobe
