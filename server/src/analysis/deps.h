// What the analysis logic classes are built from.
#pragma once

#include "analysis/item_photos.h"
#include "analysis/skin_store.h"
#include "auth/ai_quota.h"
#include "storage/blob_store.h"

namespace stylist::analysis {

struct Deps {
  storage::BlobStore& blobs;  // the wardrobe photos clothing analysis reads
  SkinStore& skins;           // skin analyses and the account's keep-photos setting
  ItemPhotos& item_photos;    // where a wardrobe item's photo is (the wardrobe's PhotoStore)
  AiQuota& quota;             // each caller's budget of photo analyses
  // Kept face photos, encrypted at rest (storage::NewSealedBlobStore over
  // `blobs`); null when the server has no key for them, and then none is
  // kept.
  storage::BlobStore* face_photos;
};

}  // namespace stylist::analysis
