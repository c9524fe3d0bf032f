#include "wardrobe/item_service.h"

#include <google/protobuf/util/field_mask_util.h>

#include "common/api_error.h"
#include "common/etag.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "wardrobe/codec.h"
#include "wardrobe/idempotency.h"
#include "wardrobe/list_order.h"
#include "wardrobe/photo_blobs.h"
#include "wardrobe/store.h"
#include "wardrobe/validation.h"
#include "db/queries.h"
#include "common/text.h"

namespace stylist::wardrobe {
namespace {

const std::vector<SortOrder>& ItemOrders() {
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
      {"purchase_date desc", "COALESCE(r.purchase_date, '')", "text", true},
      {"purchase_date", "COALESCE(r.purchase_date, '')", "text", false},
  };
  return orders;
}

// '%text%' for ILIKE, with the pattern characters of the text escaped.
std::string ContainsPattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}


// Appends the filters of a ListItems request to q (over alias r) and
// returns a fingerprint of them, which binds page tokens to this filter set.
std::string AppendItemFilters(db::DynamicQuery& q, const CallContext& call, const v1::ListItemsRequest& req) {
  Violations v;
  if (!v1::ClothingCategory_IsValid(req.category())) v.Add("category", "unknown value");
  if (!v1::Season_IsValid(req.season())) v.Add("season", "unknown value");
  if (req.color().size() > 40) v.Add("color", "must be at most 40 characters");
  if (req.occasion().size() > 40) v.Add("occasion", "must be at most 40 characters");
  if (req.tag().size() > 40) v.Add("tag", "must be at most 40 characters");
  if (req.query().size() > 100) v.Add("query", "must be at most 100 characters");
  v.ThrowIfAny();

  std::string fingerprint;
  q << " WHERE r.user_id = " << q.Param(call.principal.user_id) << "::uuid";
  if (req.category() != v1::CLOTHING_CATEGORY_UNSPECIFIED) {
    const std::string word = proto::EnumToWord(v1::ClothingCategory_descriptor(), req.category());
    q << " AND r.category = " << q.Param(word);
    fingerprint += "c=" + word + ";";
  }
  if (const std::string color = text::Lower(text::Trim(req.color(), " \t")); !color.empty()) {
    const std::string p = q.Param(color);
    q << " AND (r.primary_color = " << p << " OR r.secondary_color = " << p << ")";
    fingerprint += "col=" + color + ";";
  }
  if (req.season() != v1::SEASON_UNSPECIFIED) {
    const std::string word = proto::EnumToWord(v1::Season_descriptor(), req.season());
    q << " AND " << q.Param(word) << " = ANY(r.season_list)";
    fingerprint += "s=" + word + ";";
  }
  if (const std::string occasion = text::Lower(text::Trim(req.occasion(), " \t")); !occasion.empty()) {
    q << " AND " << q.Param(occasion) << " = ANY(r.occasion_list)";
    fingerprint += "o=" + occasion + ";";
  }
  if (req.has_favorite()) {
    q << " AND r.favorite = " << q.Param(req.favorite() ? "true" : "false") << "::boolean";
    fingerprint += std::string("f=") + (req.favorite() ? "1;" : "0;");
  }
  if (const std::string tag = text::Lower(text::Trim(req.tag(), " \t")); !tag.empty()) {
    q << " AND " << q.Param(tag) << " = ANY(r.tag_list)";
    fingerprint += "t=" + tag + ";";
  }
  if (const std::string query = text::Trim(req.query(), " \t"); !query.empty()) {
    const std::string p = q.Param(ContainsPattern(query));
    q << " AND (r.name ILIKE " << p << " OR r.subcategory ILIKE " << p << " OR r.brand ILIKE " << p
      << " OR r.notes ILIKE " << p << " OR EXISTS (SELECT 1 FROM unnest(r.tag_list) AS t WHERE t ILIKE " << p << "))";
    fingerprint += "q=" + query + ";";
  }
  return fingerprint;
}

}  // namespace

void ItemService::CreateItem(const CallContext& call, const v1::CreateItemRequest& req,
                             v1::CreateItemResponse* resp) {
  v1::ClothingItem item = req.item();
  NormalizeItem(item);
  Violations v;
  CheckItem(item, v);
  v.ThrowIfAny();
  const IdempotentCreate idempotent(call, req.request_id(), req);
  const std::string& user = call.principal.user_id;
  d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);  // also serialises this user's writes
    if (idempotent.Replay(tx, resp)) return;
    if (db::Exec1(tx, sql::wardrobe::item_count, user)[0].as<int>() >= kMaxItemsPerUser) {
      throw FailedPrecondition("a wardrobe holds at most " + std::to_string(kMaxItemsPerUser) + " items");
    }
    const std::string id = InsertItem(tx, user, item, change);
    *resp->mutable_item() = LoadItem(tx, user, id);
    idempotent.Remember(tx, *resp);
  });
}

void ItemService::GetItem(const CallContext& call, const v1::GetItemRequest& req, v1::GetItemResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  *resp->mutable_item() =
      d_.pool.Read([&](db::Pool::ReadTx& tx) { return LoadItem(tx, call.principal.user_id, req.item_id()); });
}

void ItemService::ListItems(const CallContext& call, const v1::ListItemsRequest& req, v1::ListItemsResponse* resp) {
  const SortOrder& order = FindOrder(ItemOrders(), req.order_by());
  const int page_size = PageSize(req.page_size(), 50, 200);

  const ListPageQuery query("item_api_rows", "items", order, page_size, req.page_token(),
                            [&](db::DynamicQuery& q) { return AppendItemFilters(q, call, req); });
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    const auto page = query.Run(tx);
    const ItemReader item(page.rows);
    for (int i = 0; i < page.shown; ++i) item.Read(page.rows[i], resp->add_items());
    resp->set_next_page_token(page.next_page_token);
    resp->set_total_size(page.total_size);
  });
}

void ItemService::UpdateItem(const CallContext& call, const v1::UpdateItemRequest& req,
                             v1::UpdateItemResponse* resp) {
  Violations v;
  CheckId(req.item().item_id(), "item.item_id", v);
  const auto mask = ItemMask(req.item(), req.update_mask(), v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  const std::string& id = req.item().item_id();
  *resp->mutable_item() = d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    const auto locked = db::Exec(tx, sql::wardrobe::item_lock, id, user);
    if (locked.empty()) throw NotFound("no such item");
    CheckEtag(ExpectedEtag(req.item().etag(), call.if_match), locked[0][0].as<std::int64_t>(), "item");
    v1::ClothingItem merged = LoadItem(tx, user, id);
    proto::ApplyUpdateMask(req.item(), mask, &merged);
    NormalizeItem(merged);
    Violations checks;
    CheckItem(merged, checks);
    checks.ThrowIfAny();
    wardrobe::UpdateItem(tx, user, id, merged, change);
    return LoadItem(tx, user, id);
  });
}

void ItemService::DeleteItem(const CallContext& call, const v1::DeleteItemRequest& req, v1::DeleteItemResponse*) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  const std::string photo = d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    const auto locked = db::Exec(tx, sql::wardrobe::item_lock, req.item_id(), user);
    if (locked.empty()) throw NotFound("no such item");
    CheckEtag(ExpectedEtag(req.etag(), call.if_match), locked[0][0].as<std::int64_t>(), "item");
    db::Exec0(tx, sql::wardrobe::outfits_touch_for_item, req.item_id(), user, change);
    const auto deleted = db::Exec1(tx, sql::wardrobe::item_delete, req.item_id(), user);
    db::Exec0(tx, sql::wardrobe::tombstone_insert, user, "item", req.item_id(), change);
    return deleted[0].is_null() ? std::string() : deleted[0].as<std::string>();
  });
  DeletePhotoBlobs(d_.blobs, photo);  // the row is gone: its photo files go too
}

void ItemService::LogItemWorn(const CallContext& call, const v1::LogItemWornRequest& req,
                              v1::LogItemWornResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  CheckPastDate(req.worn_date(), "worn_date", false, v);
  v.ThrowIfAny();
  const std::string date = DateParam(req.worn_date()).value_or(*DateParam(Today()));
  const std::string& user = call.principal.user_id;
  d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    *resp->mutable_wear_event() = RecordWear(tx, user, req.item_id(), "", date, change);
    *resp->mutable_item() = LoadItem(tx, user, req.item_id());
  });
}

void ItemService::ListWearEvents(const CallContext& call, const v1::ListWearEventsRequest& req,
                                 v1::ListWearEventsResponse* resp) {
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
  static const SortOrder kByDate{"worn_date desc", "r.worn_date::text", "text", true};

  db::DynamicQuery q;
  std::string fingerprint;
  q << "SELECT r.id, r.item_id, r.outfit_id, to_char(r.worn_date, 'YYYY-MM-DD') AS worn_date, "
       "(extract(epoch FROM r.created_at) * 1000000)::bigint AS create_micros, r.worn_date::text AS sort_key "
       "FROM wear_events r WHERE r.user_id = "
    << q.Param(call.principal.user_id) << "::uuid";
  if (!req.item_id().empty()) {
    q << " AND r.item_id = " << q.Param(req.item_id()) << "::uuid";
    fingerprint += "i=" + req.item_id() + ";";
  }
  if (!req.outfit_id().empty()) {
    q << " AND r.outfit_id = " << q.Param(req.outfit_id()) << "::uuid";
    fingerprint += "o=" + req.outfit_id() + ";";
  }
  if (auto start = DateParam(req.start_date())) {
    q << " AND r.worn_date >= " << q.Param(*start) << "::date";
    fingerprint += "s=" + *start + ";";
  }
  if (end) {
    q << " AND r.worn_date <= " << q.Param(*end) << "::date";
    fingerprint += "e=" + *end + ";";
  }
  const std::string list = ListName("wear", kByDate.name, fingerprint);
  AppendPagePosition(q, kByDate, list, req.page_token());
  AppendOrderAndLimit(q, kByDate, page_size);
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    const auto rows = q.Run(tx);
    const WearEventReader wear(rows);
    resp->set_next_page_token(
        FillPage(rows, page_size, list, [&](const pqxx::row& row) { wear.Read(row, resp->add_wear_events()); }));
  });
}

}  // namespace stylist::wardrobe
