// The swap market's listing checks, one set for CheckListing, CreateListing
// and UpdateListing: lengths, a condition, price bounds and currency,
// inappropriate language (word_filter.h); and the tags a listing suggests
// from its item's analysis.
#pragma once

#include <string>
#include <vector>

#include "common/api_error.h"
#include "stylist/v1/swap.pb.h"
#include "stylist/v1/wardrobe.pb.h"
#include "swap/word_filter.h"

namespace stylist::swap {

inline constexpr std::size_t kMinTitle = 3, kMaxTitle = 80, kMaxDescription = 2000, kMaxSize = 20;
inline constexpr long kMaxPriceUnits = 100000;

// Trims the text fields and upper-cases the currency, as they are stored.
void NormalizeListing(v1::Listing& listing);

// The listing's own fields (not its item), each problem under its field
// ("listing.title", ...) with a sentence a person can act on.
void CheckListingFields(const v1::Listing& listing, const WordFilter& words, Violations& v);

// Lower-case words from the item and its analysis: type, colours, pattern,
// style, seasons and category; each once, at most 12.
std::vector<std::string> SuggestedTags(const v1::ClothingItem& item);

}  // namespace stylist::swap
