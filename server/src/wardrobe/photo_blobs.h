// The stored files of an item photo (the normalised JPEG and its
// thumbnail), named by the storage keys in the photo column's JSON.
#pragma once

#include <string>

#include "storage/blob_store.h"

namespace stylist::wardrobe {

// Deletes the blobs of a photo JSON as stored, once no row points at them
// any more (after the commit that replaced, cleared or deleted the photo).
// A failure is logged, not thrown: the change is already committed, and the
// caller's answer must not say otherwise.
void DeletePhotoBlobs(storage::BlobStore& blobs, const std::string& photo_json);

}  // namespace stylist::wardrobe
