#pragma once
// The legacy API's image records, from wardrobe items.

#include <cstdint>
#include <string>

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

}  // namespace stylist::legacy
