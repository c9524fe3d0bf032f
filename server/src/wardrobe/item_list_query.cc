#include "wardrobe/item_list_query.h"

#include "common/api_error.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "common/text.h"
#include "db/dynamic_query.h"

namespace stylist::wardrobe {
namespace {

// '%text%' for ILIKE, with the pattern characters of the text escaped.
std::string ContainsPattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// Binds page tokens to this filter set (the words as the tokens of earlier
// releases wrote them, so their tokens stay good).
std::string Fingerprint(const ItemListQuery& q) {
  std::string fingerprint;
  if (!q.category.empty()) fingerprint += "c=" + q.category + ";";
  if (!q.color.empty()) fingerprint += "col=" + q.color + ";";
  if (!q.season.empty()) fingerprint += "s=" + q.season + ";";
  if (!q.occasion.empty()) fingerprint += "o=" + q.occasion + ";";
  if (q.favorite) fingerprint += std::string("f=") + (*q.favorite ? "1;" : "0;");
  if (!q.tag.empty()) fingerprint += "t=" + q.tag + ";";
  if (!q.text.empty()) fingerprint += "q=" + q.text + ";";
  return fingerprint;
}

}  // namespace

const std::vector<SortOrder>& ItemOrders() {
  static const std::vector<SortOrder> orders = [] {
    std::vector<SortOrder> all = CommonOrders();
    all.push_back({"purchase_date desc", "COALESCE(r.purchase_date, '')", "text", true});
    all.push_back({"purchase_date", "COALESCE(r.purchase_date, '')", "text", false});
    return all;
  }();
  return orders;
}

ItemListQuery ItemListQueryFor(const std::string& user_id, const v1::ListItemsRequest& req) {
  const SortOrder& order = FindOrder(ItemOrders(), req.order_by());
  const int page_size = PageSize(req.page_size(), 50, 200);
  Violations v;
  if (!v1::ClothingCategory_IsValid(req.category())) v.Add("category", "unknown value");
  if (!v1::Season_IsValid(req.season())) v.Add("season", "unknown value");
  if (req.color().size() > 40) v.Add("color", "must be at most 40 characters");
  if (req.occasion().size() > 40) v.Add("occasion", "must be at most 40 characters");
  if (req.tag().size() > 40) v.Add("tag", "must be at most 40 characters");
  if (req.query().size() > 100) v.Add("query", "must be at most 100 characters");
  v.ThrowIfAny();

  ItemListQuery q;
  q.user_id = user_id;
  if (req.category() != v1::CLOTHING_CATEGORY_UNSPECIFIED) {
    q.category = proto::EnumToWord(v1::ClothingCategory_descriptor(), req.category());
  }
  q.color = text::Lower(text::Trim(req.color(), " \t"));
  if (req.season() != v1::SEASON_UNSPECIFIED) q.season = proto::EnumToWord(v1::Season_descriptor(), req.season());
  q.occasion = text::Lower(text::Trim(req.occasion(), " \t"));
  if (req.has_favorite()) q.favorite = req.favorite();
  q.tag = text::Lower(text::Trim(req.tag(), " \t"));
  q.text = text::Trim(req.query(), " \t");
  q.page = MakePageRequest("items", order, page_size, Fingerprint(q), req.page_token());
  return q;
}

void ItemListQuery::AppendWhere(db::DynamicQuery& q) const {
  q << " WHERE r.user_id = " << q.Param(user_id) << "::uuid";
  if (!category.empty()) q << " AND r.category = " << q.Param(category);
  if (!color.empty()) {
    const std::string p = q.Param(color);
    q << " AND (r.primary_color = " << p << " OR r.secondary_color = " << p << ")";
  }
  if (!season.empty()) q << " AND " << q.Param(season) << " = ANY(r.season_list)";
  if (!occasion.empty()) q << " AND " << q.Param(occasion) << " = ANY(r.occasion_list)";
  if (favorite) q << " AND r.favorite = " << q.Param(*favorite ? "true" : "false") << "::boolean";
  if (!tag.empty()) q << " AND " << q.Param(tag) << " = ANY(r.tag_list)";
  if (!text.empty()) {
    const std::string p = q.Param(ContainsPattern(text));
    q << " AND (r.name ILIKE " << p << " OR r.subcategory ILIKE " << p << " OR r.brand ILIKE " << p
      << " OR r.notes ILIKE " << p << " OR EXISTS (SELECT 1 FROM unnest(r.tag_list) AS t WHERE t ILIKE " << p << "))";
  }
}

}  // namespace stylist::wardrobe
