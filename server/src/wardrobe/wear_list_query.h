// ListWearEvents' query: its filters (checked from the request), its one
// order (newest worn date first), the fingerprint that binds its page tokens
// to the filter set, and the WHERE clause the store runs them as.
#pragma once

#include <optional>
#include <string>

#include "stylist/v1/wardrobe.pb.h"
#include "wardrobe/list_order.h"

namespace stylist::db {
class DynamicQuery;
}

namespace stylist::wardrobe {

// Empty means any.
struct WearListQuery {
  std::string user_id;
  std::string item_id;
  std::string outfit_id;
  std::optional<std::string> start_date, end_date;  // ISO, both included
  PageRequest page;

  // Appends " WHERE r.user_id = ..." and a condition per filter, over the
  // wear_events table as alias r.
  void AppendWhere(db::DynamicQuery& q) const;
};

// The query a ListWearEvents request asks for; INVALID_ARGUMENT for a bad
// filter or a page token of another filter set.
WearListQuery WearListQueryFor(const std::string& user_id, const v1::ListWearEventsRequest& req);

}  // namespace stylist::wardrobe
