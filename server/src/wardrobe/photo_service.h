// Item photos: storing an upload (normalised, with a thumbnail), reading it
// back, removing it, and (re)queueing its analysis. The streaming halves of
// upload and download are in rpc/photo_streams.*.
#pragma once

#include <chrono>
#include <string>

#include "auth/principal.h"
#include "stylist_ml/common.h"
#include "stylist/v1/wardrobe.pb.h"
#include "wardrobe/analysis_queue.h"
#include "wardrobe/deps.h"
#include "wardrobe/photo_store.h"

namespace stylist::wardrobe {

using PhotoLimits = ml::ImageLimits;

class PhotoService {
 public:
  // `url_ttl`: how long a presigned photo URL lasts (GetItemPhotoUrl);
  // zero: none are handed out.
  PhotoService(Deps deps, AnalysisQueue& queue, analysis::ClothingAnalyzer& analyzer,
               PhotoLimits limits, std::chrono::seconds url_ttl = std::chrono::seconds(0))
      : d_(deps), queue_(queue), analyzer_(analyzer), limits_(limits), url_ttl_(url_ttl) {}

  const PhotoLimits& limits() const { return limits_; }

  // Checks the metadata message of an upload before any bytes arrive; an
  // upload to be analysed takes a photo analysis from the caller's AI
  // budget (RESOURCE_EXHAUSTED with a retry delay when none is left).
  void CheckUpload(const CallContext& call, const v1::UploadItemPhotoMetadata& metadata);
  // Normalises and stores a complete upload. `cancelled` is asked just before
  // the commit: a cancelled upload leaves nothing behind.
  v1::ClothingItem StorePhoto(const CallContext& call, const v1::UploadItemPhotoMetadata& metadata,
                              const std::string& bytes, const std::function<bool()>& cancelled);
  // Creates `item` for the user and attaches the photo, in one transaction
  // (so a bad photo leaves no item behind); returns the item. The photo is
  // then analysed at once (AnalyzeNow), as legacy clients expect.
  v1::ClothingItem CreateItemWithPhoto(const std::string& user_id, const v1::ClothingItem& item,
                                       const std::string& bytes, const std::function<bool()>& cancelled);
  // Takes one photo analysis from the AI budgets of `caller` acting for
  // `user_id` (the user's and, for a service key, the key's), for an upload
  // analysed on another API's behalf (a legacy image).
  void ChargeAnalysis(const Principal& caller, const std::string& user_id);
  // For an imported item (DatabaseWebhookService): whether the item still
  // exists without a photo, and storing the photo its import job
  // (`job_id`) fetched, which queues its analysis: only while the job still
  // runs and the item still has no photo, else ABORTED and nothing stored.
  bool AwaitsPhoto(const std::string& user_id, const std::string& item_id);
  void StoreImportedPhoto(const std::string& user_id, const std::string& item_id, const std::string& bytes,
                          std::int64_t job_id);
  // Runs the analyzer on the item's photo now; when it fails, queues the
  // analysis for retries instead. Returns the item as stored afterwards.
  v1::ClothingItem AnalyzeNow(const std::string& user_id, const std::string& item_id);

  // The photo (or its thumbnail) of one of the caller's items.
  std::string ReadPhoto(const CallContext& call, const v1::DownloadItemPhotoRequest& req, v1::PhotoInfo* info);
  // The same for one of user_id's items, for a caller already allowed to
  // act for them (a legacy image's bytes).
  std::string ReadPhotoOf(const std::string& user_id, const std::string& item_id, bool thumbnail, v1::PhotoInfo* info);

  void GetItemPhotoUrl(const CallContext& call, const v1::GetItemPhotoUrlRequest& req,
                       v1::GetItemPhotoUrlResponse* resp);

  void DeleteItemPhoto(const CallContext& call, const v1::DeleteItemPhotoRequest& req,
                       v1::DeleteItemPhotoResponse* resp);
  void AnalyzeItem(const CallContext& call, const v1::AnalyzeItemRequest& req, v1::AnalyzeItemResponse* resp);

 private:
  // The item's stored photo; NOT_FOUND for no such item of the user's, or
  // an item without a photo.
  StoredPhoto PhotoOrNotFound(const std::string& user_id, const std::string& item_id);
  // AnalyzeItem with `wait`: the analysis stored, or UNAVAILABLE and
  // nothing written.
  void AnalyzeItemNow(const std::string& user_id, const std::string& item_id, bool overwrite,
                      v1::AnalyzeItemResponse* resp);
  // Normalises and stores bytes as the photo of item_id (or of a new item
  // made from `create`) in one transaction; queues analysis when asked.
  // `import_job_id`: see PhotoStore::Attach.
  v1::ClothingItem Store(const std::string& user_id, std::string item_id, const v1::ClothingItem* create,
                         const std::string& bytes, bool queue_analysis, const std::function<bool()>& cancelled,
                         std::int64_t import_job_id = 0);
  Deps d_;
  AnalysisQueue& queue_;
  analysis::ClothingAnalyzer& analyzer_;
  PhotoLimits limits_;
  const std::chrono::seconds url_ttl_;
};

}  // namespace stylist::wardrobe
