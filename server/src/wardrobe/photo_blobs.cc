#include "wardrobe/photo_blobs.h"

#include <nlohmann/json.hpp>

#include "common/logging.h"

namespace stylist::wardrobe {

void DeletePhotoBlobs(storage::BlobStore& blobs, const std::string& photo_json) {
  if (photo_json.empty()) return;
  try {
    const auto json = nlohmann::json::parse(photo_json);
    for (const char* k : {"storage_key", "thumbnail_key"}) {
      if (json.contains(k) && json[k].is_string()) blobs.Delete(json[k].get<std::string>());
    }
  } catch (const std::exception& e) {
    log::Warn("could not delete the files of a removed photo", {{"error", e.what()}});
  }
}

}  // namespace stylist::wardrobe
