#include "wardrobe/list_order.h"

#include <sstream>

#include "common/api_error.h"
#include "common/crypto.h"
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

std::optional<PagePosition> DecodePagePosition(const std::string& list, const std::string& page_token) {
  if (page_token.empty()) return std::nullopt;
  const auto pos = DecodePageToken(list, page_token);
  if (!pos.is_object() || !pos.contains("k") || !pos["k"].is_string() || !pos.contains("id") ||
      !pos["id"].is_string() || !IsUuid(pos["id"].get<std::string>())) {
    throw InvalidArgument("page_token", "malformed; pass the next_page_token of a previous response");
  }
  return PagePosition{pos["k"].get<std::string>(), pos["id"].get<std::string>()};
}

}  // namespace

const std::vector<SortOrder>& CommonOrders() {
  static const std::vector<SortOrder> orders = {
      {"create_time desc", "r.created_at", "timestamptz", true},
      {"create_time", "r.created_at", "timestamptz", false},
      {"update_time desc", "r.updated_at", "timestamptz", true},
      {"update_time", "r.updated_at", "timestamptz", false},
      {"name", "lower(r.name)", "text", false},
      {"name desc", "lower(r.name)", "text", true},
      {"wear_count desc", "r.wear_count", "integer", true},
      {"wear_count", "r.wear_count", "integer", false},
      {"last_worn_date desc", "COALESCE(r.last_worn_date, '')", "text", true},
      {"last_worn_date", "COALESCE(r.last_worn_date, '')", "text", false},
  };
  return orders;
}

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

std::string ListName(const std::string& kind, const std::string& order, const std::string& fingerprint) {
  return kind + ":" + crypto::ToHex(crypto::Sha256(order + "|" + fingerprint)).substr(0, 16);
}

std::string NextPageToken(const std::string& list, const std::string& last_key, const std::string& last_id) {
  return EncodePageToken(list, {{"k", last_key}, {"id", last_id}});
}

PageRequest MakePageRequest(const std::string& kind, const SortOrder& order, int size, const std::string& fingerprint,
                            const std::string& page_token) {
  PageRequest page;
  page.order = &order;
  page.size = size;
  page.list = ListName(kind, order.name, fingerprint);
  page.after = DecodePagePosition(page.list, page_token);
  return page;
}

}  // namespace stylist::wardrobe
