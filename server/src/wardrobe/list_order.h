// Sort orders of the wardrobe lists and their keyset page tokens: a page
// token holds the sort key and id of the last row returned, so pages stay
// stable while rows are added or removed.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "db/dynamic_query.h"

namespace stylist::wardrobe {

struct SortOrder {
  std::string name;      // as the client writes it, e.g. "name desc"
  std::string key_sql;   // expression over the alias r
  std::string key_cast;  // SQL type of the key, for the page-token parameter
  bool descending;
};

// Finds the order named by order_by (case and spacing do not matter, "asc"
// is optional; empty means the first order). Throws INVALID_ARGUMENT
// listing the valid ones.
const SortOrder& FindOrder(const std::vector<SortOrder>& orders, const std::string& order_by);

// Appends "AND (key, r.id) > (k, id)" (or <) for the position in the page
// token, when there is one. `list` binds tokens to one list and filter set.
void AppendPagePosition(db::DynamicQuery& q, const SortOrder& order, const std::string& list,
                        const std::string& page_token);
// Appends ORDER BY and LIMIT page_size + 1 (the extra row tells whether
// there is a next page).
void AppendOrderAndLimit(db::DynamicQuery& q, const SortOrder& order, int page_size);
// The name page tokens of one list are bound to: the kind of list, its sort
// order and a fingerprint of its filters.
std::string ListName(const std::string& kind, const std::string& order, const std::string& fingerprint);
// The token for the page after `last_key`/`last_id`.
std::string NextPageToken(const std::string& list, const std::string& last_key, const std::string& last_id);

// A page query counts every match in the same statement (one round trip, one
// snapshot): select kTotalSizeOpen + "<view> r" + the filters +
// kTotalSizeClose before the page's own "FROM <view> r" and filters.
inline constexpr const char* kTotalSizeOpen = "(SELECT count(*) FROM ";
inline constexpr const char* kTotalSizeClose = ")::int AS total_size FROM ";

// The count selected that way, from the first row; a page past the last has
// no rows, and then count_all() runs the count on its own.
template <typename CountAll>
int TotalSize(const pqxx::result& rows, CountAll&& count_all) {
  return rows.empty() ? count_all() : rows[0]["total_size"].as<int>();
}

// Adds up to page_size rows of a query built with AppendOrderAndLimit (which
// selects the sort key as "sort_key") and returns the next page token, empty
// on the last page.
template <typename AddRow>
std::string FillPage(const pqxx::result& rows, int page_size, const std::string& list, AddRow&& add) {
  const int shown = std::min<int>(static_cast<int>(rows.size()), page_size);
  for (int i = 0; i < shown; ++i) add(rows[i]);
  if (static_cast<int>(rows.size()) <= page_size) return "";
  const auto& last = rows[page_size - 1];
  return NextPageToken(list, last["sort_key"].c_str(), last["id"].c_str());
}

}  // namespace stylist::wardrobe
