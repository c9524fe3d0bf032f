#include "swap/listing_service.h"

#include <set>

#include "common/api_error.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "common/text.h"
#include "swap/listing_rules.h"

namespace stylist::swap {
namespace {

constexpr int kDefaultPage = 20, kMaxPage = 100;

std::optional<std::pair<std::int64_t, std::int32_t>> PriceBound(const google::type::Money& m, const std::string& field,
                                                                Violations& v) {
  if (m.units() < 0 || m.nanos() < 0 || m.nanos() > 999999999) v.Add(field, "must be 0 or more");
  return std::pair<std::int64_t, std::int32_t>{m.units(), m.nanos()};
}

}  // namespace

const WordFilter& ListingService::Words() const {
  if (!words_) throw Unavailable("the swap market's listing checks are not available on this server");
  return *words_;
}

std::optional<v1::ClothingItem> ListingService::ItemToList(const std::string& user_id, const std::string& item_id,
                                                           Violations& v) {
  if (!IsUuid(item_id)) {
    v.Add("listing.clothing_item_id", item_id.empty() ? "Choose the item to list." : "Not an item id of this API.");
    return std::nullopt;
  }
  std::optional<v1::ClothingItem> item;
  try {
    item = items_.GetItem(user_id, item_id);
  } catch (const ApiError& e) {
    if (e.code() != grpc::StatusCode::NOT_FOUND) throw;
    v.Add("listing.clothing_item_id", "The item is not one of yours.");
    return std::nullopt;
  }
  if (listings_.ItemIsListed(item_id)) {
    v.Add("listing.clothing_item_id", "The item is already listed; withdraw that listing first.");
  }
  return item;
}

void ListingService::CheckListing(const CallContext& call, const v1::CheckListingRequest& req,
                                  v1::CheckListingResponse* resp) {
  v1::Listing draft = req.listing();
  NormalizeListing(draft);
  Violations v;
  CheckListingFields(draft, Words(), v);
  if (!draft.clothing_item_id().empty()) {
    if (const auto item = ItemToList(call.principal.user_id, draft.clothing_item_id(), v)) {
      for (auto& tag : SuggestedTags(*item)) resp->add_suggested_tags(std::move(tag));
    }
  }
  for (const auto& problem : v.items()) resp->add_errors(problem.description);
  resp->set_valid(v.empty());
  resp->set_message(v.empty() ? "Listing processed successfully." : "The listing needs changes before it can go up.");
}

void ListingService::CreateListing(const CallContext& call, const v1::CreateListingRequest& req,
                                   v1::CreateListingResponse* resp) {
  v1::Listing listing = req.listing();
  NormalizeListing(listing);
  Violations v;
  CheckListingFields(listing, Words(), v);
  const auto item = ItemToList(call.principal.user_id, listing.clothing_item_id(), v);
  v.ThrowIfAny();
  const auto created = listings_.Insert(call.principal.user_id, listing,
                                        proto::EnumToWord(v1::ClothingCategory_descriptor(), item->category()),
                                        SuggestedTags(*item));
  // Listed meanwhile by another call of the seller's.
  if (!created) throw InvalidArgument("listing.clothing_item_id", "The item is already listed; withdraw that listing first.");
  *resp->mutable_listing() = *created;
}

void ListingService::GetListing(const CallContext& call, const v1::GetListingRequest& req,
                                v1::GetListingResponse* resp) {
  Violations v;
  CheckId(req.listing_id(), "listing_id", v);
  v.ThrowIfAny();
  auto listing = listings_.Get(call.principal.user_id, req.listing_id());
  if (!listing) throw NotFound("no such listing");
  *resp->mutable_listing() = std::move(*listing);
}

void ListingService::ListListings(const CallContext& call, const v1::ListListingsRequest& req,
                                  v1::ListListingsResponse* resp) {
  Violations v;
  ListingFilter filter;
  filter.mine = req.mine();
  if (!v1::ClothingCategory_IsValid(req.category())) v.Add("category", "unknown value");
  if (req.category() != v1::CLOTHING_CATEGORY_UNSPECIFIED) {
    filter.category = proto::EnumToWord(v1::ClothingCategory_descriptor(), req.category());
  }
  const std::string size = text::Trim(req.size());
  if (size.size() > kMaxSize) v.Add("size", "at most 20 characters");
  if (!size.empty()) filter.size = size;
  std::string currency;
  if (req.has_min_price()) {
    currency = text::Upper(req.min_price().currency_code());
    filter.min_price = PriceBound(req.min_price(), "min_price", v);
  }
  if (req.has_max_price()) {
    const std::string max_currency = text::Upper(req.max_price().currency_code());
    if (!currency.empty() && max_currency != currency) v.Add("max_price.currency_code", "must be min_price's currency");
    currency = max_currency;
    filter.max_price = PriceBound(req.max_price(), "max_price", v);
  }
  if ((req.has_min_price() || req.has_max_price()) && !text::IsCurrencyCode(currency)) {
    v.Add(req.has_min_price() ? "min_price.currency_code" : "max_price.currency_code",
          "must be an ISO 4217 code such as EUR");
  }
  if (!currency.empty()) filter.currency = currency;
  if (req.page_size() < 0) v.Add("page_size", "must not be negative");
  v.ThrowIfAny();
  // The token is bound to the filters it was made for.
  const std::string list = "swap:" + std::to_string(filter.mine) + ":" + filter.category.value_or("") + ":" +
                           text::Lower(size) + ":" + currency + ":" +
                           (filter.min_price ? std::to_string(filter.min_price->first) + "." +
                                                   std::to_string(filter.min_price->second)
                                             : "") +
                           ":" +
                           (filter.max_price ? std::to_string(filter.max_price->first) + "." +
                                                   std::to_string(filter.max_price->second)
                                             : "");
  std::optional<ListingPosition> after;
  if (const auto position = DecodeTimeIdToken(list, req.page_token())) after = ListingPosition{position->micros, position->id};
  const int page = PageSize(req.page_size(), kDefaultPage, kMaxPage);
  auto rows = listings_.List(call.principal.user_id, filter, after, page + 1);
  const bool more = static_cast<int>(rows.size()) > page;
  if (more) rows.pop_back();
  for (auto& l : rows) *resp->add_listings() = std::move(l);
  if (more) {
    const auto& last = resp->listings(resp->listings_size() - 1);
    resp->set_next_page_token(EncodeTimeIdToken(
        list, last.create_time().seconds() * 1000000 + last.create_time().nanos() / 1000, last.listing_id()));
  }
}

void ListingService::UpdateListing(const CallContext& call, const v1::UpdateListingRequest& req,
                                   v1::UpdateListingResponse* resp) {
  v1::Listing update = req.listing();
  NormalizeListing(update);
  Violations v;
  CheckId(update.listing_id(), "listing.listing_id", v);
  // What a listing keeps from its creation (the item, its category and
  // tags) or the server sets.
  static const std::set<std::string> kFixed = {"listing_id", "clothing_item_id", "status", "category",
                                               "tags", "mine", "create_time", "update_time"};
  const auto mask = proto::WritableMask(update, req.update_mask(), kFixed, "Listing", v);
  v.ThrowIfAny();
  const auto stored = listings_.Get(call.principal.user_id, update.listing_id());
  if (!stored || !stored->mine()) throw NotFound("no such listing of yours");
  if (stored->status() != v1::LISTING_STATUS_ACTIVE) {
    throw FailedPrecondition("the listing is withdrawn; list the item again instead");
  }
  // The listing as it would be, checked whole: a change may not leave it
  // failing a check that create makes.
  v1::Listing changed = *stored;
  proto::ApplyUpdateMask(update, mask, &changed);
  CheckListingFields(changed, Words(), v);
  v.ThrowIfAny();
  // Written only if nothing changed it since it was read (another PATCH's
  // fields are not undone by this one's copy of them).
  auto updated = listings_.Update(call.principal.user_id, changed);
  if (!updated) {
    const auto seen = listings_.Get(call.principal.user_id, update.listing_id());
    if (!seen || !seen->mine()) throw NotFound("no such listing of yours");
    if (seen->status() != v1::LISTING_STATUS_ACTIVE) {
      throw FailedPrecondition("the listing is withdrawn; list the item again instead");
    }
    throw Aborted("the listing changed while this update ran; read it again and retry");
  }
  *resp->mutable_listing() = std::move(*updated);
}

void ListingService::WithdrawListing(const CallContext& call, const v1::WithdrawListingRequest& req,
                                     v1::WithdrawListingResponse* resp) {
  Violations v;
  CheckId(req.listing_id(), "listing_id", v);
  v.ThrowIfAny();
  auto withdrawn = listings_.Withdraw(call.principal.user_id, req.listing_id());
  if (!withdrawn) throw NotFound("no such listing of yours");
  *resp->mutable_listing() = std::move(*withdrawn);
}

}  // namespace stylist::swap
