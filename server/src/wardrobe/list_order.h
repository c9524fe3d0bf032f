// Sort orders of the wardrobe lists and their keyset page tokens: a page
// token holds the sort key and id of the last row returned, so pages stay
// stable while rows are added or removed. No SQL here: the store turns a
// PageRequest into its query (wardrobe/pg_list_page.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace stylist::wardrobe {

struct SortOrder {
  std::string name;      // as the client writes it, e.g. "name desc"
  std::string key_sql;   // expression over the alias r
  std::string key_cast;  // SQL type of the key, for the page-token parameter
  bool descending;
};

// The orders every wardrobe list offers, newest first by default: by
// creation, update, name, wear count and last worn date, each either way.
// A list with more keys appends its own.
const std::vector<SortOrder>& CommonOrders();

// Finds the order named by order_by (case and spacing do not matter, "asc"
// is optional; empty means the first order). Throws INVALID_ARGUMENT
// listing the valid ones.
const SortOrder& FindOrder(const std::vector<SortOrder>& orders, const std::string& order_by);

// The name page tokens of one list are bound to: the kind of list, its sort
// order and a fingerprint of its filters.
std::string ListName(const std::string& kind, const std::string& order, const std::string& fingerprint);
// The token for the page after `last_key`/`last_id`.
std::string NextPageToken(const std::string& list, const std::string& last_key, const std::string& last_id);

// The sort key (as text) and id of the last row of the previous page.
struct PagePosition {
  std::string key;
  std::string id;
};

// One page of a list as a request asks for it: its order, its size, the
// list its tokens are bound to and where it starts.
struct PageRequest {
  const SortOrder* order = nullptr;
  int size = 0;
  std::string list;
  std::optional<PagePosition> after;  // none for the first page
};

// The page of list `kind` in `order` with filters of `fingerprint`, after
// the position in `page_token`. INVALID_ARGUMENT for a token of another list
// (another kind, order or filter set) or a malformed one.
PageRequest MakePageRequest(const std::string& kind, const SortOrder& order, int size, const std::string& fingerprint,
                            const std::string& page_token);

// What a list answers besides its rows.
struct PageInfo {
  std::string next_page_token;  // empty on the last page
  int total_size = 0;           // rows matching across all pages (where the list counts them)
};

}  // namespace stylist::wardrobe
