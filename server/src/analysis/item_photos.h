#pragma once
// Where ClothingService finds the photo of a wardrobe item. The wardrobe's
// PhotoStore implements it; the interface lives here because the wardrobe
// is the layer above analysis (its queue runs the clothing analyzer).

#include <optional>
#include <string>

namespace stylist::analysis {

class ItemPhotos {
 public:
  virtual ~ItemPhotos() = default;

  struct PhotoKey {
    bool item_exists = false;  // the user has such an item
    std::optional<std::string> storage_key;  // its photo's file; nullopt when it has no photo
  };
  virtual PhotoKey PhotoKeyOf(const std::string& user_id, const std::string& item_id) = 0;
};

}  // namespace stylist::analysis
