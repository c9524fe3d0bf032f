// The SQL of a page of a wardrobe list (PgWardrobeStore only): the keyset
// position of a PageRequest, its order and limit, and the next page token
// from the rows.
#pragma once

#include <pqxx/pqxx>

#include <algorithm>
#include <functional>
#include <string>

#include "db/dynamic_query.h"
#include "wardrobe/list_order.h"

namespace stylist::wardrobe {

// Appends "AND (key, r.id) > (k, id)" (or <) for the page's position, when
// it has one.
void AppendPagePosition(db::DynamicQuery& q, const PageRequest& page);
// Appends ORDER BY and LIMIT page size + 1 (the extra row tells whether
// there is a next page).
void AppendOrderAndLimit(db::DynamicQuery& q, const PageRequest& page);
// The token for the page after the rows of a query built with
// AppendOrderAndLimit (which selects the sort key as "sort_key"): empty when
// the extra row is missing, i.e. on the last page.
std::string NextPageTokenOf(const pqxx::result& rows, const PageRequest& page);

// One page of a list over a view (alias r), its `columns` (a SELECT list
// that includes r.id), and how many rows match across all pages, in one
// statement: one round trip, one snapshot. `filters(q)`
// appends the WHERE clause (starting " WHERE r.user_id = ..."); it is called
// when the query is built, and once more only for a page past the last,
// whose count has to run on its own.
class ListPageQuery {
 public:
  using Filters = std::function<void(db::DynamicQuery&)>;
  ListPageQuery(const std::string& view, const std::string& columns, const PageRequest& page, Filters filters);

  struct Page {
    pqxx::result rows;  // the first `shown` rows are the page
    int shown = 0;
    PageInfo info;
  };
  Page Run(pqxx::transaction_base& tx) const;

 private:
  std::string view_;
  const PageRequest& page_;
  Filters filters_;
  db::DynamicQuery query_;
};

// Adds up to page size rows of a query built with AppendOrderAndLimit (which
// selects the sort key as "sort_key") and returns the next page token, empty
// on the last page.
template <typename AddRow>
std::string FillPage(const pqxx::result& rows, const PageRequest& page, AddRow&& add) {
  const int shown = std::min<int>(static_cast<int>(rows.size()), page.size);
  for (int i = 0; i < shown; ++i) add(rows[i]);
  return NextPageTokenOf(rows, page);
}

}  // namespace stylist::wardrobe
