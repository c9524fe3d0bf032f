#include "legacy/codec.h"

namespace stylist::legacy {
namespace {

void SetTag(v1::LegacyImageTags* tags, void (v1::LegacyImageTags::*setter)(const std::string&),
            const std::string& value) {
  if (!value.empty()) (tags->*setter)(value);
}

}  // namespace

std::string ImagePath(std::int64_t legacy_user_id, std::int64_t legacy_id) {
  return "/api/images/" + std::to_string(legacy_user_id) + "/" + std::to_string(legacy_id);
}

void FillImage(v1::LegacyImage* image, std::int64_t id, std::int64_t user_id) {
  image->set_id(id);
  image->set_user_id(user_id);
  image->set_image_path(ImagePath(user_id, id));
}

void SetTags(v1::LegacyImageTags* t, const TagWords& w) {
  SetTag(t, &v1::LegacyImageTags::set_type, w.type);
  SetTag(t, &v1::LegacyImageTags::set_primary_color, w.primary_color);
  SetTag(t, &v1::LegacyImageTags::set_secondary_color, w.secondary_color);
  SetTag(t, &v1::LegacyImageTags::set_style, w.style);
}

void SetTags(v1::LegacyImageTags* t, const v1::ClothingAnalysis& a) {
  SetTags(t, TagWords{a.type().label(), a.primary_color().name(), a.secondary_color().name(), a.style().label()});
}

void AppendImages(const std::vector<ImageRow>& rows, std::int64_t user_id,
                  google::protobuf::RepeatedPtrField<v1::LegacyImage>* images) {
  images->Reserve(images->size() + static_cast<int>(rows.size()));
  for (const auto& row : rows) {
    auto* image = images->Add();
    FillImage(image, row.legacy_id, user_id);
    SetTags(image->mutable_tags(), row.tags);
  }
}

}  // namespace stylist::legacy
