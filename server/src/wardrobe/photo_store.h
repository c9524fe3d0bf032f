#pragma once
// Item photos as the items' rows store them, and the analysis jobs queued
// for them: the only code of the photo service that speaks SQL
// (PgPhotoStore), behind an interface so the service's rules (what an
// upload must be, when old files go, what a cancelled upload leaves, which
// errors a missing item or photo gives) are unit-tested with an in-memory
// fake (tests/unit/fake_photo_store.h).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "analysis/item_photos.h"
#include "db/pool.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::wardrobe {

// An item's photo as its row stores it.
struct StoredPhoto {
  // The column as stored: the PhotoInfo clients see, as JSON, with the
  // keys of its files (what DeletePhotoBlobs reads).
  std::string json;
  std::string sha256;         // of the normalised JPEG; the analysis queue's key
  std::string storage_key;    // the normalised JPEG
  std::string thumbnail_key;  // its thumbnail
};
// The stored form of a photo; the keys' values as they are ("" when absent).
std::string StoredPhotoJson(const v1::PhotoInfo& info, const std::string& storage_key,
                            const std::string& thumbnail_key);
StoredPhoto StoredPhotoFrom(std::string json);

class PhotoStore : public analysis::ItemPhotos {
 public:
  // The item as stored; NOT_FOUND "no such item" when the user has none
  // such (every method below that names an item does the same, unless it
  // says otherwise).
  virtual v1::ClothingItem Item(const std::string& user_id, const std::string& item_id) = 0;

  // The item's photo as stored now; item_exists false when the user has no
  // such item (no error).
  struct ItemPhoto {
    bool item_exists = false;
    std::optional<StoredPhoto> photo;
  };
  virtual ItemPhoto PhotoOf(const std::string& user_id, const std::string& item_id) = 0;

  // A stored photo's files (already in the blob store) and its facts.
  struct NewPhoto {
    v1::PhotoInfo info;
    std::string storage_key, thumbnail_key;
  };
  struct Attach {
    std::string item_id;  // the item to attach to; ignored with new_item
    // A new item to make for the photo, in the same transaction; asked
    // first, check_item_count gets the user's number of items and throws
    // to refuse.
    const v1::ClothingItem* new_item = nullptr;
    std::function<void(int item_count)> check_item_count;
    NewPhoto photo;
    // Queue an analysis of the new photo with this many attempts (the
    // item's analysis becomes pending); nullopt keeps the item's current
    // analysis. Either way a job still queued for the old photo is cancelled.
    std::optional<int> analysis_attempts;
    // Asked last, just before the commit: throws to roll everything back.
    std::function<void()> before_commit;
    // For a photo fetched by an import job: attached only while that job
    // is still running and the item still has no photo (an upload, a
    // deletion or another worker got there first); otherwise ABORTED and
    // nothing is written.
    std::int64_t import_job_id = 0;
  };
  // The item as stored after a change of its photo, and the photo it
  // replaced or removed (its stored JSON, "" when none) whose files the
  // caller deletes once the change is committed.
  struct PhotoChange {
    v1::ClothingItem item;
    std::string previous_photo;
  };
  virtual PhotoChange AttachPhoto(const std::string& user_id, const Attach& attach) = 0;

  // Asked inside a change's transaction with whether the item had a photo;
  // throws to refuse, and nothing is written.
  using PhotoCheck = std::function<void(bool had_photo)>;
  // Removes the item's photo (its analysis too) and cancels any analysis
  // still queued for it.
  virtual PhotoChange ClearPhoto(const std::string& user_id, const std::string& item_id,
                                 const PhotoCheck& check) = 0;

  // Queues a new analysis of the item's current photo (cancelling any
  // queued one; the item's analysis becomes pending); `check` is asked
  // first (an item without a photo would get a job for no photo, which the
  // queue completes doing nothing: refuse it there). Returns the item.
  virtual v1::ClothingItem RequeueAnalysis(const std::string& user_id, const std::string& item_id,
                                           bool overwrite_attributes, int max_attempts, const PhotoCheck& check) = 0;
  // The same for a photo already read (sha256), without looking at it again.
  virtual v1::ClothingItem QueueAnalysis(const std::string& user_id, const std::string& item_id,
                                         const std::string& sha256, int max_attempts) = 0;

  // Stores a finished analysis of the photo `sha256` on the item, if the
  // item still has that photo (see StoreAnalysis in store.h), overwriting
  // the fields the user filled only with `overwrite`. Returns the item.
  virtual v1::ClothingItem StoreAnalysis(const std::string& user_id, const std::string& item_id,
                                         const v1::ClothingAnalysis& analysis, const std::string& sha256,
                                         bool overwrite) = 0;

  // analysis::ItemPhotos, for ClothingService: PhotoOf's answer.
  PhotoKey PhotoKeyOf(const std::string& user_id, const std::string& item_id) final;
};

class PgPhotoStore final : public PhotoStore {
 public:
  explicit PgPhotoStore(db::Pool& pool) : pool_(pool) {}

  v1::ClothingItem Item(const std::string& user_id, const std::string& item_id) override;
  ItemPhoto PhotoOf(const std::string& user_id, const std::string& item_id) override;
  PhotoChange AttachPhoto(const std::string& user_id, const Attach& attach) override;
  PhotoChange ClearPhoto(const std::string& user_id, const std::string& item_id, const PhotoCheck& check) override;
  v1::ClothingItem RequeueAnalysis(const std::string& user_id, const std::string& item_id, bool overwrite_attributes,
                                   int max_attempts, const PhotoCheck& check) override;
  v1::ClothingItem QueueAnalysis(const std::string& user_id, const std::string& item_id, const std::string& sha256,
                                 int max_attempts) override;
  v1::ClothingItem StoreAnalysis(const std::string& user_id, const std::string& item_id,
                                 const v1::ClothingAnalysis& analysis, const std::string& sha256,
                                 bool overwrite) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::wardrobe
