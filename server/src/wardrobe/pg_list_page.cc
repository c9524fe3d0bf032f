#include "wardrobe/pg_list_page.h"

namespace stylist::wardrobe {

void AppendPagePosition(db::DynamicQuery& q, const PageRequest& page) {
  if (!page.after) return;
  const SortOrder& order = *page.order;
  const std::string key = q.Param(page.after->key);
  const std::string id = q.Param(page.after->id);
  q << " AND (" << order.key_sql << ", r.id) " << (order.descending ? "<" : ">") << " (" << key
    << "::" << order.key_cast << ", " << id << "::uuid)";
}

void AppendOrderAndLimit(db::DynamicQuery& q, const PageRequest& page) {
  const SortOrder& order = *page.order;
  const char* dir = order.descending ? " DESC" : " ASC";
  q << " ORDER BY " << order.key_sql << dir << ", r.id" << dir << " LIMIT " << std::to_string(page.size + 1);
}

std::string NextPageTokenOf(const pqxx::result& rows, const PageRequest& page) {
  if (static_cast<int>(rows.size()) <= page.size) return "";
  const auto& last = rows[page.size - 1];
  return NextPageToken(page.list, last["sort_key"].c_str(), last["id"].c_str());
}

ListPageQuery::ListPageQuery(const std::string& view, const std::string& columns, const PageRequest& page,
                             Filters filters)
    : view_(view), page_(page), filters_(std::move(filters)) {
  const SortOrder& order = *page_.order;
  query_ << "SELECT " << columns << ", (" << order.key_sql << ")::text AS sort_key, (SELECT count(*) FROM " << view_ << " r";
  filters_(query_);
  query_ << ")::int AS total_size FROM " << view_ << " r";
  filters_(query_);
  AppendPagePosition(query_, page_);
  AppendOrderAndLimit(query_, page_);
}

ListPageQuery::Page ListPageQuery::Run(pqxx::transaction_base& tx) const {
  Page page;
  page.rows = query_.Run(tx);
  page.shown = std::min<int>(static_cast<int>(page.rows.size()), page_.size);
  page.info.next_page_token = NextPageTokenOf(page.rows, page_);
  if (!page.rows.empty()) {
    page.info.total_size = page.rows[0]["total_size"].as<int>();
  } else {
    db::DynamicQuery count;
    count << "SELECT count(*) FROM " << view_ << " r";
    filters_(count);
    page.info.total_size = count.Run(tx)[0][0].as<int>();
  }
  return page;
}

}  // namespace stylist::wardrobe
