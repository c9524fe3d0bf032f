#include "wardrobe/list_order.h"

#include <algorithm>
#include <sstream>

#include "auth/crypto.h"
#include "common/api_error.h"
#include "common/ids.h"
#include "common/page_token.h"

namespace stylist::wardrobe {
namespace {

std::string Canonical(const std::string& order_by) {
  std::istringstream in(order_by);
  std::string word, out;
  while (in >> word) {
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!out.empty()) out += ' ';
    out += word;
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

}  // namespace stylist::wardrobe
