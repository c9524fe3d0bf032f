#include "wardrobe/outfit_service.h"

#include <algorithm>

#include "common/api_error.h"
#include "common/dates.h"
#include "common/etag.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "styling/gaps.h"
#include "styling/item_from_proto.h"
#include "wardrobe/idempotency.h"
#include "wardrobe/outfit_list_query.h"
#include "wardrobe/style_dna.h"
#include "wardrobe/validation.h"

namespace stylist::wardrobe {
namespace {

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
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();
    if (idempotent.Replay(tx, resp)) return;
    if (tx.OutfitCount() >= kMaxOutfitsPerUser) {
      throw FailedPrecondition("at most " + std::to_string(kMaxOutfitsPerUser) + " outfits");
    }
    const std::string id = tx.InsertOutfit(outfit, change);
    tx.SetOutfitItems(id, outfit.item_ids());
    *resp->mutable_outfit() = tx.LoadOutfit(id);
    idempotent.Remember(tx, *resp);
  });
}

void OutfitService::GetOutfit(const CallContext& call, const v1::GetOutfitRequest& req,
                              v1::GetOutfitResponse* resp) {
  Violations v;
  CheckId(req.outfit_id(), "outfit_id", v);
  v.ThrowIfAny();
  *resp->mutable_outfit() = d_.store.GetOutfit(call.principal.user_id, req.outfit_id());
}

void OutfitService::ListOutfits(const CallContext& call, const v1::ListOutfitsRequest& req,
                                v1::ListOutfitsResponse* resp) {
  const OutfitListQuery query = OutfitListQueryFor(call.principal.user_id, req);
  const PageInfo page = d_.store.ListOutfits(query, resp->mutable_outfits());
  resp->set_next_page_token(page.next_page_token);
  resp->set_total_size(page.total_size);
}

void OutfitService::UpdateOutfit(const CallContext& call, const v1::UpdateOutfitRequest& req,
                                 v1::UpdateOutfitResponse* resp) {
  Violations v;
  CheckId(req.outfit().outfit_id(), "outfit.outfit_id", v);
  const auto mask = OutfitMask(req.outfit(), req.update_mask(), v);
  v.ThrowIfAny();
  const std::string& id = req.outfit().outfit_id();
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();
    const auto locked = tx.LockOutfit(id);
    if (!locked) throw NotFound("no such outfit");
    CheckEtag(ExpectedEtag(req.outfit().etag(), call.if_match), *locked, "outfit");
    v1::Outfit merged = tx.LoadOutfit(id);
    proto::ApplyUpdateMask(req.outfit(), mask, &merged);
    NormalizeOutfit(merged);
    Violations checks;
    CheckOutfit(merged, checks);
    checks.ThrowIfAny();
    tx.UpdateOutfit(id, merged, change);
    if (MaskTouches(mask, "item_ids")) tx.SetOutfitItems(id, merged.item_ids());
    *resp->mutable_outfit() = tx.LoadOutfit(id);
  });
}

void OutfitService::DeleteOutfit(const CallContext& call, const v1::DeleteOutfitRequest& req,
                                 v1::DeleteOutfitResponse*) {
  Violations v;
  CheckId(req.outfit_id(), "outfit_id", v);
  v.ThrowIfAny();
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();
    const auto locked = tx.LockOutfit(req.outfit_id());
    if (!locked) throw NotFound("no such outfit");
    CheckEtag(ExpectedEtag(req.etag(), call.if_match), *locked, "outfit");
    if (!tx.DeleteOutfit(req.outfit_id())) throw NotFound("no such outfit");
    tx.AddTombstone("outfit", req.outfit_id(), change);
  });
}

void OutfitService::WearOutfit(const CallContext& call, const v1::WearOutfitRequest& req,
                               v1::WearOutfitResponse* resp) {
  Violations v;
  CheckId(req.outfit_id(), "outfit_id", v);
  CheckPastDate(req.worn_date(), "worn_date", false, v);
  v.ThrowIfAny();
  const std::string date = DateParam(req.worn_date()).value_or(*DateParam(Today()));
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();
    const auto item_ids = tx.WearOutfit(req.outfit_id(), date, change);
    if (!item_ids) throw NotFound("no such outfit");
    for (const auto& item_id : *item_ids) {
      *resp->add_wear_events() = tx.RecordWear(item_id, req.outfit_id(), date, change);
    }
    *resp->mutable_outfit() = tx.LoadOutfit(req.outfit_id());
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
  const auto page = d_.store.ListChanges(call.principal.user_id, cursor, page_size, resp);
  resp->set_next_cursor(EncodePageToken("changes", page.upper));
  resp->set_has_more(page.latest > page.upper);
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
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kSuggestions);

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
  query.today = DaysFromCivil(Today());

  const auto inputs = d_.store.ReadStylingInputs(call.principal.user_id, kStylingItems);
  if (inputs.profile) {
    for (const auto& c : inputs.profile->style().avoided_colors()) query.avoided_colors.push_back(c);
    for (const auto& c : inputs.profile->style().favorite_colors()) query.favorite_colors.push_back(c);
  }
  std::vector<styling::Item> items;
  items.reserve(inputs.items.size());
  for (const auto& item : inputs.items) items.push_back(styling::ItemFromProto(item));
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

void OutfitService::Recommend(const CallContext& call, const v1::RecommendRequest& req,
                              v1::RecommendResponse* resp) {
  Violations v;
  if (!v1::RecommendationType_IsValid(req.type())) v.Add("type", "unknown value");
  if (req.limit() < 0 || req.limit() > 50) v.Add("limit", "must be 0..50 (0 means 10)");
  v.ThrowIfAny();
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kSuggestions);
  const int limit = req.limit() == 0 ? 10 : req.limit();

  const auto inputs = d_.store.ReadStylingInputs(call.principal.user_id, kStylingItems);
  std::vector<std::string> avoided, favorite;
  if (inputs.profile) {
    avoided.assign(inputs.profile->style().avoided_colors().begin(), inputs.profile->style().avoided_colors().end());
    favorite.assign(inputs.profile->style().favorite_colors().begin(), inputs.profile->style().favorite_colors().end());
  }
  std::vector<styling::Item> items;
  items.reserve(inputs.items.size());
  for (const auto& item : inputs.items) items.push_back(styling::ItemFromProto(item));

  if (req.type() == v1::RECOMMENDATION_TYPE_ITEMS) {
    for (const auto& gap : styling::WardrobeGaps(items, favorite)) {
      if (resp->recommendations_size() >= limit) break;
      auto* item = resp->add_recommendations()->mutable_item();
      item->set_name(gap.name);
      item->set_description(gap.description);
      item->set_category(
          static_cast<v1::ClothingCategory>(proto::EnumFromWord(v1::ClothingCategory_descriptor(), gap.category)));
      item->set_color(gap.color);
      item->set_reason(gap.reason);
    }
    return;
  }
  auto query = styling::QueryForOccasion("");
  query.avoided_colors = std::move(avoided);
  query.favorite_colors = std::move(favorite);
  query.today = DaysFromCivil(Today());
  query.max = limit;
  for (const auto& outfit : styling::BuildOutfits(items, query)) {
    auto* s = resp->add_recommendations()->mutable_combination();
    for (const auto* p : outfit.pieces) s->add_item_ids(p->id);
    s->set_name(outfit.name);
    s->set_score(static_cast<float>(outfit.score));
    for (const auto& r : outfit.reasons) s->add_reasons(r);
  }
}

namespace {

v1::StyleDna Compute(const WardrobeStore::StyleDnaInputs& in) { return ComputeStyleDna(in.items, in.outfits); }

}  // namespace

void OutfitService::CalculateStyleDna(const CallContext& call, const v1::CalculateStyleDnaRequest&,
                                      v1::CalculateStyleDnaResponse* resp) {
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kSuggestions);
  *resp->mutable_style_dna() = d_.store.CalculateStyleDna(call.principal.user_id, kMaxItemsPerUser, Compute);
}

void OutfitService::GetStyleDna(const CallContext& call, const v1::GetStyleDnaRequest&, v1::GetStyleDnaResponse* resp) {
  auto dna = d_.store.GetStyleDna(call.principal.user_id);
  if (dna) {
    *resp->mutable_style_dna() = std::move(*dna);
    return;
  }
  // The first read computes it (once per user: from then on the refresh
  // jobs the database queues on each change keep it fresh), so that apps
  // need never call Calculate.
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kSuggestions);
  *resp->mutable_style_dna() = d_.store.FirstStyleDna(call.principal.user_id, kMaxItemsPerUser, Compute);
}

std::optional<std::chrono::milliseconds> OutfitService::RefreshStyleDna(const std::string& user_id,
                                                                        std::chrono::milliseconds settle) {
  return d_.store.RefreshStyleDna(user_id, settle, kMaxItemsPerUser, Compute);
}

}  // namespace stylist::wardrobe
