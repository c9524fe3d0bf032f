#pragma once
// The legacy API's image records, from wardrobe items.

#include <cstdint>
#include <string>
#include <vector>

#include "stylist/v1/legacy.pb.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::legacy {

// Where a legacy image's bytes are: "/api/images/<user id>/<image id>", a
// path of the public API the legacy clients fetch with their credentials
// (LegacyService.DownloadLegacyImage).
std::string ImagePath(std::int64_t legacy_user_id, std::int64_t legacy_id);

// Fills an image record in place (the image list's response lives on an
// arena, see rpc/arena_messages.h); tags are set apart.
void FillImage(v1::LegacyImage* image, std::int64_t id, std::int64_t user_id);

// The tags the legacy clients show; an empty value leaves its tag unset
// (unknown).
struct TagWords {
  std::string type, primary_color, secondary_color, style;
};
void SetTags(v1::LegacyImageTags* tags, const TagWords& words);
void SetTags(v1::LegacyImageTags* tags, const v1::ClothingAnalysis& analysis);

// An image as the list reads it: the item's legacy id and tags.
struct ImageRow {
  std::int64_t legacy_id = 0;
  TagWords tags;
};
// Appends the records of `rows`, images of the legacy user `user_id`.
void AppendImages(const std::vector<ImageRow>& rows, std::int64_t user_id,
                  google::protobuf::RepeatedPtrField<v1::LegacyImage>* images);

}  // namespace stylist::legacy
