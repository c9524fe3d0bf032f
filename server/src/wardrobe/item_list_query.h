// ListItems' query: its filters (checked and normalised from the request),
// its sort orders, the fingerprint that binds its page tokens to the filter
// set, and the WHERE clause the store runs them as.
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

const std::vector<SortOrder>& ItemOrders();

// The filters are normalised as items store their words: empty means any.
struct ItemListQuery {
  std::string user_id;
  std::string category;  // enum word
  std::string color;     // primary or secondary colour, lower case
  std::string season;    // enum word
  std::string occasion;  // lower case
  std::optional<bool> favorite;
  std::string tag;   // lower case
  std::string text;  // found in the name, subcategory, brand, notes or a tag, any case
  PageRequest page;

  // Appends " WHERE r.user_id = ..." and a condition per filter, over the
  // item_list_rows view (item_api_rows' columns) as alias r.
  void AppendWhere(db::DynamicQuery& q) const;
};

// The query a ListItems request asks for; INVALID_ARGUMENT for an unknown
// order, a bad filter, or a page token of another order or filter set.
ItemListQuery ItemListQueryFor(const std::string& user_id, const v1::ListItemsRequest& req);

}  // namespace stylist::wardrobe
