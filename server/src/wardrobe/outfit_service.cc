#include "wardrobe/outfit_service.h"

#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/api_error.h"
#include "common/etag.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "styling/item_from_proto.h"
#include "user/profile_codec.h"
#include "wardrobe/codec.h"
#include "wardrobe/idempotency.h"
#include "wardrobe/list_order.h"
#include "wardrobe/store.h"
#include "wardrobe/validation.h"
#include "db/queries.h"
#include "common/text.h"

namespace stylist::wardrobe {
namespace {

const std::vector<SortOrder>& OutfitOrders() {
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

bool MaskTouches(const google::protobuf::FieldMask& mask, const std::string& field) {
  for (const auto& p : mask.paths()) {
    if (p == field) return true;
  }
  return false;
}

}  // namespace

void OutfitService::CreateOutfit(const CallContext& call, const v1::CreateOutfitRequest& req,
                                 v1::CreateOutfitResponse* resp) {
  v1::Outfit outfit = req.outfit();
  NormalizeOutfit(outfit);
  Violations v;
  CheckOutfit(outfit, v);
  if (outfit.source() == v1::OUTFIT_SOURCE_UNSPECIFIED) outfit.set_source(v1::OUTFIT_SOURCE_USER);
  if (!v1::OutfitSource_IsValid(outfit.source())) v.Add("outfit.source", "unknown value");
  v.ThrowIfAny();
  const IdempotentCreate idempotent(call, req.request_id(), req);
  const std::string& user = call.principal.user_id;
  d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    if (idempotent.Replay(tx, resp)) return;
    const auto count = db::Exec1(tx, sql::wardrobe::outfit_count, user)[0].as<int>();
    if (count >= kMaxOutfitsPerUser) {
      throw FailedPrecondition("at most " + std::to_string(kMaxOutfitsPerUser) + " outfits");
    }
    const std::string id = InsertOutfit(tx, user, outfit, change);
    SetOutfitItems(tx, user, id, outfit.item_ids());
    *resp->mutable_outfit() = LoadOutfit(tx, user, id);
    idempotent.Remember(tx, *resp);
  });
}

void OutfitService::GetOutfit(const CallContext& call, const v1::GetOutfitRequest& req,
                              v1::GetOutfitResponse* resp) {
  Violations v;
  CheckId(req.outfit_id(), "outfit_id", v);
  v.ThrowIfAny();
  *resp->mutable_outfit() =
      d_.pool.Read([&](db::Pool::ReadTx& tx) { return LoadOutfit(tx, call.principal.user_id, req.outfit_id()); });
}

void OutfitService::ListOutfits(const CallContext& call, const v1::ListOutfitsRequest& req,
                                v1::ListOutfitsResponse* resp) {
  Violations v;
  if (!req.item_id().empty()) CheckId(req.item_id(), "item_id", v);
  if (!v1::Season_IsValid(req.season())) v.Add("season", "unknown value");
  if (req.occasion().size() > 40) v.Add("occasion", "must be at most 40 characters");
  v.ThrowIfAny();
  const SortOrder& order = FindOrder(OutfitOrders(), req.order_by());
  const int page_size = PageSize(req.page_size(), 50, 200);

  auto filters = [&](db::DynamicQuery& q) {
    std::string fingerprint;
    q << " WHERE r.user_id = " << q.Param(call.principal.user_id) << "::uuid";
    if (!req.item_id().empty()) {
      q << " AND EXISTS (SELECT 1 FROM outfit_items oi WHERE oi.outfit_id = r.id AND oi.item_id = "
        << q.Param(req.item_id()) << "::uuid)";
      fingerprint += "i=" + req.item_id() + ";";
    }
    if (req.season() != v1::SEASON_UNSPECIFIED) {
      const std::string word = proto::EnumToWord(v1::Season_descriptor(), req.season());
      q << " AND " << q.Param(word) << " = ANY(r.season_list)";
      fingerprint += "s=" + word + ";";
    }
    if (!req.occasion().empty()) {
      const std::string occasion = text::Lower(req.occasion());
      q << " AND " << q.Param(occasion) << " = ANY(r.occasion_list)";
      fingerprint += "o=" + occasion + ";";
    }
    if (req.has_favorite()) {
      q << " AND r.favorite = " << q.Param(req.favorite() ? "true" : "false") << "::boolean";
      fingerprint += std::string("f=") + (req.favorite() ? "1;" : "0;");
    }
    return fingerprint;
  };
  const ListPageQuery query("outfit_rows", "outfits", order, page_size, req.page_token(), filters);
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    const auto page = query.Run(tx);
    const OutfitReader outfit(page.rows);
    for (int i = 0; i < page.shown; ++i) outfit.Read(page.rows[i], resp->add_outfits());
    resp->set_next_page_token(page.next_page_token);
    resp->set_total_size(page.total_size);
  });
}

void OutfitService::UpdateOutfit(const CallContext& call, const v1::UpdateOutfitRequest& req,
                                 v1::UpdateOutfitResponse* resp) {
  Violations v;
  CheckId(req.outfit().outfit_id(), "outfit.outfit_id", v);
  const auto mask = OutfitMask(req.outfit(), req.update_mask(), v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  const std::string& id = req.outfit().outfit_id();
  *resp->mutable_outfit() = d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    const auto locked = db::Exec(tx, sql::wardrobe::outfit_lock, id, user);
    if (locked.empty()) throw NotFound("no such outfit");
    CheckEtag(ExpectedEtag(req.outfit().etag(), call.if_match), locked[0][0].as<std::int64_t>(), "outfit");
    v1::Outfit merged = LoadOutfit(tx, user, id);
    proto::ApplyUpdateMask(req.outfit(), mask, &merged);
    NormalizeOutfit(merged);
    Violations checks;
    CheckOutfit(merged, checks);
    checks.ThrowIfAny();
    wardrobe::UpdateOutfit(tx, user, id, merged, change);
    if (MaskTouches(mask, "item_ids")) SetOutfitItems(tx, user, id, merged.item_ids());
    return LoadOutfit(tx, user, id);
  });
}

void OutfitService::DeleteOutfit(const CallContext& call, const v1::DeleteOutfitRequest& req,
                                 v1::DeleteOutfitResponse*) {
  Violations v;
  CheckId(req.outfit_id(), "outfit_id", v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    const auto locked = db::Exec(tx, sql::wardrobe::outfit_lock, req.outfit_id(), user);
    if (locked.empty()) throw NotFound("no such outfit");
    CheckEtag(ExpectedEtag(req.etag(), call.if_match), locked[0][0].as<std::int64_t>(), "outfit");
    if (db::Exec(tx, sql::wardrobe::outfit_delete, req.outfit_id(), user).empty()) throw NotFound("no such outfit");
    db::Exec0(tx, sql::wardrobe::tombstone_insert, user, "outfit", req.outfit_id(), change);
  });
}

void OutfitService::WearOutfit(const CallContext& call, const v1::WearOutfitRequest& req,
                               v1::WearOutfitResponse* resp) {
  Violations v;
  CheckId(req.outfit_id(), "outfit_id", v);
  CheckPastDate(req.worn_date(), "worn_date", false, v);
  v.ThrowIfAny();
  const std::string date = DateParam(req.worn_date()).value_or(*DateParam(Today()));
  const std::string& user = call.principal.user_id;
  d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    auto r = db::Exec(tx, sql::wardrobe::outfit_wear, req.outfit_id(), user, date, change);
    if (r.empty()) throw NotFound("no such outfit");
    for (const auto& item_id : nlohmann::json::parse(r[0][0].c_str())) {
      *resp->add_wear_events() = RecordWear(tx, user, item_id.get<std::string>(), req.outfit_id(), date, change);
    }
    *resp->mutable_outfit() = LoadOutfit(tx, user, req.outfit_id());
  });
}

void SyncService::ListChanges(const CallContext& call, const v1::ListChangesRequest& req,
                              v1::ListChangesResponse* resp) {
  std::int64_t cursor = 0;
  if (!req.cursor().empty()) {
    const auto pos = DecodePageToken("changes", req.cursor());
    if (!pos.is_number_integer() || pos.get<std::int64_t>() < 0) {
      throw InvalidArgument("cursor", "malformed; pass the next_cursor of a previous response");
    }
    cursor = pos.get<std::int64_t>();
  }
  if (req.page_size() < 0) throw InvalidArgument("page_size", "must not be negative");
  const int page_size = PageSize(req.page_size(), 200, 1000);
  const std::string& user = call.principal.user_id;
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    auto bound = db::Exec1(tx, sql::wardrobe::changes_upper_bound, user, cursor, page_size);
    const std::int64_t upper = bound[0].is_null() ? cursor : bound[0].as<std::int64_t>();
    if (upper > cursor) {
      const auto items = db::Exec(tx, sql::wardrobe::changed_items, user, cursor, upper);
      const ItemReader item(items);
      for (const auto& row : items) item.Read(row, resp->add_items());
      const auto outfits = db::Exec(tx, sql::wardrobe::changed_outfits, user, cursor, upper);
      const OutfitReader outfit(outfits);
      for (const auto& row : outfits) outfit.Read(row, resp->add_outfits());
      for (const auto& row : db::Exec(tx, sql::wardrobe::deleted_since, user, cursor, upper)) {
        const std::string kind = row[0].c_str();
        if (kind == "item") resp->add_deleted_item_ids(row[1].c_str());
        else resp->add_deleted_outfit_ids(row[1].c_str());
      }
    }
    const auto current = db::Exec1(tx, sql::wardrobe::current_seq, user)[0].as<std::int64_t>();
    resp->set_next_cursor(EncodePageToken("changes", upper));
    resp->set_has_more(current > upper);
  });
}

namespace {

// Items read for a suggestion: enough for any real wardrobe's choices.
constexpr int kStylingItems = 500;
constexpr int kMaxListedIds = 20;

void CheckIds(const google::protobuf::RepeatedPtrField<std::string>& ids, const std::string& field, Violations& v) {
  if (ids.size() > kMaxListedIds) v.Add(field, "at most " + std::to_string(kMaxListedIds) + " items");
  for (int i = 0; i < ids.size(); ++i) {
    if (!IsUuid(ids[i])) v.Add(field + "[" + std::to_string(i) + "]", "must be an item id");
  }
}

}  // namespace

void OutfitService::SuggestOutfits(const CallContext& call, const v1::SuggestOutfitsRequest& req,
                                   v1::SuggestOutfitsResponse* resp) {
  Violations v;
  if (req.occasion().size() > 100) v.Add("occasion", "at most 100 bytes");
  if (!v1::Season_IsValid(req.season())) v.Add("season", "unknown value");
  if (!v1::Formality_IsValid(req.formality())) v.Add("formality", "unknown value");
  const auto& weather = req.weather();
  if (weather.has_temperature_celsius() &&
      !(weather.temperature_celsius() >= -60 && weather.temperature_celsius() <= 60)) {
    v.Add("weather.temperature_celsius", "must be -60..60");
  }
  if (!v1::WeatherCondition_IsValid(weather.condition())) v.Add("weather.condition", "unknown value");
  if (req.max_suggestions() < 0 || req.max_suggestions() > 20) v.Add("max_suggestions", "must be 0..20 (0 means 5)");
  CheckIds(req.include_item_ids(), "include_item_ids", v);
  CheckIds(req.exclude_item_ids(), "exclude_item_ids", v);
  for (const auto& id : req.include_item_ids()) {
    if (std::find(req.exclude_item_ids().begin(), req.exclude_item_ids().end(), id) != req.exclude_item_ids().end()) {
      v.Add("exclude_item_ids", "an item cannot be both included and excluded: " + id);
    }
  }
  v.ThrowIfAny();

  auto query = styling::QueryForOccasion(req.occasion());
  if (!req.occasion().empty()) query.occasion = req.occasion();
  if (req.formality() != v1::FORMALITY_UNSPECIFIED) {
    // The asked-for formality first, its neighbours after.
    const int f = req.formality();
    query.formalities = {proto::EnumToWord(v1::Formality_descriptor(), f)};
    for (const int n : {f - 1, f + 1}) {
      if (n > v1::FORMALITY_UNSPECIFIED && v1::Formality_IsValid(n)) {
        query.formalities.push_back(proto::EnumToWord(v1::Formality_descriptor(), n));
      }
    }
    query.formalities.push_back("");
  }
  query.season = proto::EnumToWord(v1::Season_descriptor(), req.season());
  if (query.season.empty() && weather.has_temperature_celsius()) {
    const double t = weather.temperature_celsius();
    query.season = t < 5 ? "winter" : t > 24 ? "summer" : "";
  }
  if (weather.condition() == v1::WEATHER_CONDITION_SNOW) query.season = "winter";
  query.outer_layer = query.season == "winter" || query.season == "autumn" ||
                      (weather.has_temperature_celsius() && weather.temperature_celsius() < 15) ||
                      weather.condition() == v1::WEATHER_CONDITION_RAIN ||
                      weather.condition() == v1::WEATHER_CONDITION_SNOW ||
                      weather.condition() == v1::WEATHER_CONDITION_WIND;
  query.include_ids.assign(req.include_item_ids().begin(), req.include_item_ids().end());
  query.exclude_ids.assign(req.exclude_item_ids().begin(), req.exclude_item_ids().end());
  query.max = req.max_suggestions() == 0 ? 5 : req.max_suggestions();

  std::vector<styling::Item> items;
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    const auto profile = db::Exec(tx, sql::user::get_profile, call.principal.user_id);
    if (!profile.empty()) {
      const auto p = user::ProfileFromRow(profile[0]);
      for (const auto& c : p.style().avoided_colors()) query.avoided_colors.push_back(c);
      for (const auto& c : p.style().favorite_colors()) query.favorite_colors.push_back(c);
    }
    const auto rows = db::Exec(tx, sql::wardrobe::items_for_styling, call.principal.user_id, kStylingItems);
    const ItemReader item(rows);
    for (const auto& row : rows) items.push_back(styling::ItemFromProto(item(row)));
  });
  for (int i = 0; i < req.include_item_ids_size(); ++i) {
    const auto& id = req.include_item_ids(i);
    if (std::none_of(items.begin(), items.end(), [&](const styling::Item& it) { return it.id == id; })) {
      throw InvalidArgument("include_item_ids[" + std::to_string(i) + "]", "not one of your items");
    }
  }
  for (const auto& outfit : styling::BuildOutfits(items, query)) {
    auto* s = resp->add_suggestions();
    for (const auto* p : outfit.pieces) s->add_item_ids(p->id);
    s->set_name(outfit.name);
    s->set_score(static_cast<float>(outfit.score));
    for (const auto& r : outfit.reasons) s->add_reasons(r);
  }
}

}  // namespace stylist::wardrobe
