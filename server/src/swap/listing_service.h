// SwapMarketService's logic: listings made from the caller's own items,
// browsed by every signed-in user, changed and withdrawn by their seller
// only; every listing passes the listing checks (listing_rules.h).
#pragma once

#include "auth/principal.h"
#include "stylist/v1/swap.pb.h"
#include "swap/listing_store.h"
#include "swap/word_filter.h"
#include "wardrobe/wardrobe_store.h"

namespace stylist::swap {

class ListingService {
 public:
  // `items` reads the caller's items (owner-scoped), `words` is the
  // inappropriate-language list (null when it could not be loaded: every
  // check then answers UNAVAILABLE).
  ListingService(ListingStore& listings, wardrobe::WardrobeStore& items, const WordFilter* words)
      : listings_(listings), items_(items), words_(words) {}

  void CreateListing(const CallContext& call, const v1::CreateListingRequest& req, v1::CreateListingResponse* resp);
  void GetListing(const CallContext& call, const v1::GetListingRequest& req, v1::GetListingResponse* resp);
  void ListListings(const CallContext& call, const v1::ListListingsRequest& req, v1::ListListingsResponse* resp);
  void UpdateListing(const CallContext& call, const v1::UpdateListingRequest& req, v1::UpdateListingResponse* resp);
  void WithdrawListing(const CallContext& call, const v1::WithdrawListingRequest& req,
                       v1::WithdrawListingResponse* resp);
  void CheckListing(const CallContext& call, const v1::CheckListingRequest& req, v1::CheckListingResponse* resp);

 private:
  // The caller's item the listing names, checked: theirs and not listed
  // already. Problems go to `v` under listing.clothing_item_id.
  std::optional<v1::ClothingItem> ItemToList(const std::string& user_id, const std::string& item_id, Violations& v);

  const WordFilter& Words() const;

  ListingStore& listings_;
  wardrobe::WardrobeStore& items_;
  const WordFilter* words_;
};

}  // namespace stylist::swap
