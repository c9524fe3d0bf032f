// Sort orders of the wardrobe lists and their keyset page tokens: a page
// token holds the sort key and id of the last row returned, so pages stay
// stable while rows are added or removed.
#pragma once

#include <algorithm>
#include <functional>
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
// The token for the page after the rows of a query built with
// AppendOrderAndLimit (which selects the sort key as "sort_key"): empty when
// the extra row is missing, i.e. on the last page.
std::string NextPageTokenOf(const pqxx::result& rows, int page_size, const std::string& list);

// One page of a list over a view (alias r) and how many rows match across
// all pages, in one statement: one round trip, one snapshot. `filters(q)`
// appends the WHERE clause (starting " WHERE r.user_id = ...") and returns
// its fingerprint; it is called when the query is built (so bad filters and
// page tokens are refused before a connection is taken), and once more only
// for a page past the last, whose count has to run on its own.
class ListPageQuery {
 public:
  using Filters = std::function<std::string(db::DynamicQuery&)>;
  ListPageQuery(const std::string& view, const std::string& kind, const SortOrder& order, int page_size,
                const std::string& page_token, Filters filters);

  struct Page {
    pqxx::result rows;  // the first `shown` rows are the page
    int shown = 0;
    std::string next_page_token;  // empty on the last page
    int total_size = 0;
  };
  Page Run(pqxx::transaction_base& tx) const;

 private:
  std::string view_;
  std::string list_;
  int page_size_;
  Filters filters_;
  db::DynamicQuery query_;
};

// Adds up to page_size rows of a query built with AppendOrderAndLimit (which
// selects the sort key as "sort_key") and returns the next page token, empty
// on the last page.
template <typename AddRow>
std::string FillPage(const pqxx::result& rows, int page_size, const std::string& list, AddRow&& add) {
  const int shown = std::min<int>(static_cast<int>(rows.size()), page_size);
  for (int i = 0; i < shown; ++i) add(rows[i]);
  return NextPageTokenOf(rows, page_size, list);
}

}  // namespace stylist::wardrobe
