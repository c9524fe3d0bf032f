// ListOutfits' query: its filters (checked from the request), its sort
// orders, the fingerprint that binds its page tokens to the filter set, and
// the WHERE clause the store runs them as.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stylist/v1/wardrobe.pb.h"
#include "wardrobe/list_order.h"

namespace stylist::db {
class DynamicQuery;
}

namespace stylist::wardrobe {

const std::vector<SortOrder>& OutfitOrders();

// Empty means any.
struct OutfitListQuery {
  std::string user_id;
  std::string item_id;   // outfits holding this item
  std::string season;    // enum word
  std::string occasion;  // lower case
  std::optional<bool> favorite;
  PageRequest page;

  // Appends " WHERE r.user_id = ..." and a condition per filter, over the
  // outfit_rows view as alias r.
  void AppendWhere(db::DynamicQuery& q) const;
};

// The query a ListOutfits request asks for; INVALID_ARGUMENT for a bad
// filter, an unknown order, or a page token of another order or filter set.
OutfitListQuery OutfitListQueryFor(const std::string& user_id, const v1::ListOutfitsRequest& req);

}  // namespace stylist::wardrobe
