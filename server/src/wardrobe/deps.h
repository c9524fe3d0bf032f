// What the wardrobe logic classes are built from.
#pragma once

#include "db/pool.h"
#include "storage/blob_store.h"
#include "wardrobe/wardrobe_store.h"

namespace stylist::wardrobe {

struct Deps {
  db::Pool& pool;  // the photo code's rows, until they have their own store
  storage::BlobStore& blobs;  // item photos and their thumbnails
  WardrobeStore& store;  // items, outfits, the wear and change logs
};

}  // namespace stylist::wardrobe
