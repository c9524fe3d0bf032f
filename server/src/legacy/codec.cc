#include "legacy/codec.h"

namespace stylist::legacy {
namespace {

void SetTag(v1::LegacyImageTags* tags, void (v1::LegacyImageTags::*setter)(const std::string&),
            const std::string& value) {
  if (!value.empty()) (tags->*setter)(value);
}

}  // namespace

std::string ImagePath(std::int64_t legacy_id, const std::string& name) {
  return "images/" + std::to_string(legacy_id) + "_" + name;
}

void FillImage(v1::LegacyImage* image, std::int64_t id, std::int64_t user_id, const std::string& name) {
  image->set_id(id);
  image->set_user_id(user_id);
  image->set_image_path(ImagePath(id, name));
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
    FillImage(image, row.legacy_id, user_id, row.name);
    SetTags(image->mutable_tags(), row.tags);
  }
}

}  // namespace stylist::legacy
