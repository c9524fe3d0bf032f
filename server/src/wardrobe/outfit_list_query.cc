#include "wardrobe/outfit_list_query.h"

#include "common/api_error.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "common/text.h"
#include "db/dynamic_query.h"

namespace stylist::wardrobe {
namespace {

// Binds page tokens to this filter set (as earlier releases wrote it, so
// their tokens stay good).
std::string Fingerprint(const OutfitListQuery& q) {
  std::string fingerprint;
  if (!q.item_id.empty()) fingerprint += "i=" + q.item_id + ";";
  if (!q.season.empty()) fingerprint += "s=" + q.season + ";";
  if (!q.occasion.empty()) fingerprint += "o=" + q.occasion + ";";
  if (q.favorite) fingerprint += std::string("f=") + (*q.favorite ? "1;" : "0;");
  return fingerprint;
}

}  // namespace

const std::vector<SortOrder>& OutfitOrders() { return CommonOrders(); }

OutfitListQuery OutfitListQueryFor(const std::string& user_id, const v1::ListOutfitsRequest& req) {
  Violations v;
  if (!req.item_id().empty()) CheckId(req.item_id(), "item_id", v);
  if (!v1::Season_IsValid(req.season())) v.Add("season", "unknown value");
  if (req.occasion().size() > 40) v.Add("occasion", "must be at most 40 characters");
  v.ThrowIfAny();
  const SortOrder& order = FindOrder(OutfitOrders(), req.order_by());
  const int page_size = PageSize(req.page_size(), 50, 200);

  OutfitListQuery q;
  q.user_id = user_id;
  q.item_id = req.item_id();
  if (req.season() != v1::SEASON_UNSPECIFIED) q.season = proto::EnumToWord(v1::Season_descriptor(), req.season());
  q.occasion = text::Lower(req.occasion());
  if (req.has_favorite()) q.favorite = req.favorite();
  q.page = MakePageRequest("outfits", order, page_size, Fingerprint(q), req.page_token());
  return q;
}

void OutfitListQuery::AppendWhere(db::DynamicQuery& q) const {
  q << " WHERE r.user_id = " << q.Param(user_id) << "::uuid";
  if (!item_id.empty()) {
    q << " AND EXISTS (SELECT 1 FROM outfit_items oi WHERE oi.outfit_id = r.id AND oi.item_id = "
      << q.Param(item_id) << "::uuid)";
  }
  if (!season.empty()) q << " AND " << q.Param(season) << " = ANY(r.season_list)";
  if (!occasion.empty()) q << " AND " << q.Param(occasion) << " = ANY(r.occasion_list)";
  if (favorite) q << " AND r.favorite = " << q.Param(*favorite ? "true" : "false") << "::boolean";
}

}  // namespace stylist::wardrobe
