#pragma once
// The legacy API's image records, from wardrobe items.

#include <cstdint>
#include <string>
#include <vector>

#include "stylist/v1/legacy.pb.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist::legacy {

// The path the legacy clients show for an image: "images/<id>_<name>".
std::string ImagePath(std::int64_t legacy_id, const std::string& name);

// Fills an image record in place (the image list's response lives on an
// arena, see rpc/arena_messages.h); tags are set apart.
void FillImage(v1::LegacyImage* image, std::int64_t id, std::int64_t user_id, const std::string& name);

// The tags the legacy clients show; an empty value leaves its tag unset
// (unknown).
struct TagWords {
  std::string type, primary_color, secondary_color, style;
};
void SetTags(v1::LegacyImageTags* tags, const TagWords& words);
void SetTags(v1::LegacyImageTags* tags, const v1::ClothingAnalysis& analysis);

// An image as the list reads it: the item's legacy id, name and tags.
struct ImageRow {
  std::int64_t legacy_id = 0;
  std::string name;
  TagWords tags;
};
// Appends the records of `rows`, images of the legacy user `user_id`.
void AppendImages(const std::vector<ImageRow>& rows, std::int64_t user_id,
                  google::protobuf::RepeatedPtrField<v1::LegacyImage>* images);

}  // namespace stylist::legacy
