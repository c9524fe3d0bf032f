// What the wardrobe logic classes are built from.
#pragma once

#include "db/pool.h"
#include "storage/blob_store.h"

namespace stylist::wardrobe {

struct Deps {
  db::Pool& pool;
  storage::BlobStore& blobs;  // item photos and their thumbnails
};

}  // namespace stylist::wardrobe
