#include "wardrobe/list_order.h"

#include <algorithm>
#include <sstream>

#include "common/crypto.h"
#include "common/api_error.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/text.h"

namespace stylist::wardrobe {
namespace {

std::string Canonical(const std::string& order_by) {
  std::istringstream in(order_by);
  std::string word, out;
  while (in >> word) {
    if (!out.empty()) out += ' ';
    out += text::Lower(word);
  }
  if (out.size() > 4 && out.compare(out.size() - 4, 4, " asc") == 0) out.resize(out.size() - 4);
  return out;
}

}  // namespace

const SortOrder& FindOrder(const std::vector<SortOrder>& orders, const std::string& order_by) {
  const std::string wanted = Canonical(order_by);
  if (wanted.empty()) return orders.front();
  for (const auto& o : orders) {
    if (o.name == wanted) return o;
  }
  std::string valid;
  for (const auto& o : orders) valid += (valid.empty() ? "" : ", ") + ("\"" + o.name + "\"");
  throw InvalidArgument("order_by", "must be one of " + valid);
}

void AppendPagePosition(db::DynamicQuery& q, const SortOrder& order, const std::string& list,
                        const std::string& page_token) {
  if (page_token.empty()) return;
  const auto pos = DecodePageToken(list, page_token);
  if (!pos.is_object() || !pos.contains("k") || !pos["k"].is_string() || !pos.contains("id") ||
      !pos["id"].is_string() || !IsUuid(pos["id"].get<std::string>())) {
    throw InvalidArgument("page_token", "malformed; pass the next_page_token of a previous response");
  }
  const std::string key = q.Param(pos["k"].get<std::string>());
  const std::string id = q.Param(pos["id"].get<std::string>());
  q << " AND (" << order.key_sql << ", r.id) " << (order.descending ? "<" : ">") << " (" << key
    << "::" << order.key_cast << ", " << id << "::uuid)";
}

void AppendOrderAndLimit(db::DynamicQuery& q, const SortOrder& order, int page_size) {
  const char* dir = order.descending ? " DESC" : " ASC";
  q << " ORDER BY " << order.key_sql << dir << ", r.id" << dir << " LIMIT " << std::to_string(page_size + 1);
}

std::string ListName(const std::string& kind, const std::string& order, const std::string& fingerprint) {
  return kind + ":" + crypto::ToHex(crypto::Sha256(order + "|" + fingerprint)).substr(0, 16);
}

std::string NextPageToken(const std::string& list, const std::string& last_key, const std::string& last_id) {
  return EncodePageToken(list, {{"k", last_key}, {"id", last_id}});
}

std::string NextPageTokenOf(const pqxx::result& rows, int page_size, const std::string& list) {
  if (static_cast<int>(rows.size()) <= page_size) return "";
  const auto& last = rows[page_size - 1];
  return NextPageToken(list, last["sort_key"].c_str(), last["id"].c_str());
}

ListPageQuery::ListPageQuery(const std::string& view, const std::string& kind, const SortOrder& order,
                             int page_size, const std::string& page_token, Filters filters)
    : view_(view), page_size_(page_size), filters_(std::move(filters)) {
  query_ << "SELECT r.*, (" << order.key_sql << ")::text AS sort_key, (SELECT count(*) FROM " << view_ << " r";
  const std::string fingerprint = filters_(query_);
  query_ << ")::int AS total_size FROM " << view_ << " r";
  filters_(query_);
  list_ = ListName(kind, order.name, fingerprint);
  AppendPagePosition(query_, order, list_, page_token);
  AppendOrderAndLimit(query_, order, page_size_);
}

ListPageQuery::Page ListPageQuery::Run(pqxx::transaction_base& tx) const {
  Page page;
  page.rows = query_.Run(tx);
  page.shown = std::min<int>(static_cast<int>(page.rows.size()), page_size_);
  page.next_page_token = NextPageTokenOf(page.rows, page_size_, list_);
  if (!page.rows.empty()) {
    page.total_size = page.rows[0]["total_size"].as<int>();
  } else {
    db::DynamicQuery count;
    count << "SELECT count(*) FROM " << view_ << " r";
    filters_(count);
    page.total_size = count.Run(tx)[0][0].as<int>();
  }
  return page;
}

}  // namespace stylist::wardrobe
