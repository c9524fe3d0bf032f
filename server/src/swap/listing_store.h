// The swap market's rows (table swap_listings): the only code of the swap
// market that speaks SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "stylist/v1/swap.pb.h"

namespace stylist::swap {

struct ListingFilter {
  bool mine = false;
  std::optional<std::string> category;  // enum word
  std::optional<std::string> size;
  std::optional<std::string> currency;
  std::optional<std::pair<std::int64_t, std::int32_t>> min_price, max_price;  // units, nanos
};

struct ListingPosition {
  std::int64_t micros = 0;
  std::string id;
};

class ListingStore {
 public:
  explicit ListingStore(db::Pool& pool) : pool_(pool) {}

  // Every listing read answers `mine` for `caller`.
  // nullopt when the item already has an active listing.
  std::optional<v1::Listing> Insert(const std::string& caller, const v1::Listing& listing,
                                    const std::string& category, const std::vector<std::string>& tags);
  // Active, or the caller's own; nullopt otherwise.
  std::optional<v1::Listing> Get(const std::string& caller, const std::string& listing_id);
  bool ItemIsListed(const std::string& item_id);
  // Up to `limit` listings after `after`, newest first.
  std::vector<v1::Listing> List(const std::string& caller, const ListingFilter& filter,
                                const std::optional<ListingPosition>& after, int limit);
  // The caller's active listing with its fields replaced, if it is still as
  // read (listing.update_time, as Get answered it); nullopt when there is
  // none such (gone, withdrawn, or changed since).
  std::optional<v1::Listing> Update(const std::string& caller, const v1::Listing& listing);
  // The caller's listing withdrawn; nullopt when they have none such.
  std::optional<v1::Listing> Withdraw(const std::string& caller, const std::string& listing_id);

 private:
  db::Pool& pool_;
};

}  // namespace stylist::swap
