#include "wardrobe/wear_list_query.h"

#include "common/api_error.h"
#include "common/dates.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "db/dynamic_query.h"
#include "wardrobe/validation.h"

namespace stylist::wardrobe {
namespace {

const SortOrder kByDate{"worn_date desc", "r.worn_date::text", "text", true};

// Binds page tokens to this filter set (as earlier releases wrote it, so
// their tokens stay good).
std::string Fingerprint(const WearListQuery& q) {
  std::string fingerprint;
  if (!q.item_id.empty()) fingerprint += "i=" + q.item_id + ";";
  if (!q.outfit_id.empty()) fingerprint += "o=" + q.outfit_id + ";";
  if (q.start_date) fingerprint += "s=" + *q.start_date + ";";
  if (q.end_date) fingerprint += "e=" + *q.end_date + ";";
  return fingerprint;
}

}  // namespace

WearListQuery WearListQueryFor(const std::string& user_id, const v1::ListWearEventsRequest& req) {
  Violations v;
  if (!req.item_id().empty()) CheckId(req.item_id(), "item_id", v);
  if (!req.outfit_id().empty()) CheckId(req.outfit_id(), "outfit_id", v);
  CheckPastDate(req.start_date(), "start_date", false, v);
  const auto end = DateParam(req.end_date());
  if (end && (req.end_date().month() < 1 || req.end_date().month() > 12 || req.end_date().day() < 1 ||
              req.end_date().day() > 31 || req.end_date().year() < 1900 || req.end_date().year() > 9999)) {
    v.Add("end_date", "must be a real calendar date");
  }
  v.ThrowIfAny();
  const int page_size = PageSize(req.page_size(), 50, 500);

  WearListQuery q;
  q.user_id = user_id;
  q.item_id = req.item_id();
  q.outfit_id = req.outfit_id();
  q.start_date = DateParam(req.start_date());
  q.end_date = end;
  q.page = MakePageRequest("wear", kByDate, page_size, Fingerprint(q), req.page_token());
  return q;
}

void WearListQuery::AppendWhere(db::DynamicQuery& q) const {
  q << " WHERE r.user_id = " << q.Param(user_id) << "::uuid";
  if (!item_id.empty()) q << " AND r.item_id = " << q.Param(item_id) << "::uuid";
  if (!outfit_id.empty()) q << " AND r.outfit_id = " << q.Param(outfit_id) << "::uuid";
  if (start_date) q << " AND r.worn_date >= " << q.Param(*start_date) << "::date";
  if (end_date) q << " AND r.worn_date <= " << q.Param(*end_date) << "::date";
}

}  // namespace stylist::wardrobe
