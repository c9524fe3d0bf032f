// What the wardrobe logic classes are built from.
#pragma once

#include "auth/ai_quota.h"
#include "storage/blob_store.h"
#include "wardrobe/photo_store.h"
#include "wardrobe/wardrobe_store.h"

namespace stylist::wardrobe {

struct Deps {
  storage::BlobStore& blobs;  // item photos and their thumbnails
  WardrobeStore& store;  // items, outfits, the wear and change logs
  PhotoStore& photos;    // the items' photos and their queued analyses
  AiQuota& quota;        // each caller's budget of analyses and outfit suggestions
};

}  // namespace stylist::wardrobe
