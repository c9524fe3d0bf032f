#include "swap/listing_rules.h"

#include <algorithm>

#include "common/proto_util.h"
#include "common/text.h"
#include "styling/item_from_proto.h"

namespace stylist::swap {
namespace {

std::size_t Characters(const std::string& s) {
  // UTF-8: count the bytes that start a character.
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

void NormalizeListing(v1::Listing& l) {
  l.set_title(text::Trim(l.title()));
  l.set_description(text::Trim(l.description()));
  l.set_size(text::Trim(l.size()));
  if (l.has_price()) l.mutable_price()->set_currency_code(text::Upper(text::Trim(l.price().currency_code())));
}

void CheckListingFields(const v1::Listing& l, const WordFilter& words, Violations& v) {
  const std::size_t title = Characters(l.title());
  if (title < kMinTitle || title > kMaxTitle) {
    v.Add("listing.title", "Title must be " + std::to_string(kMinTitle) + " to " + std::to_string(kMaxTitle) +
                               " characters.");
  } else if (l.title().find('\n') != std::string::npos) {
    v.Add("listing.title", "Title must be one line.");
  } else if (words.Find(l.title())) {
    v.Add("listing.title", "Title contains inappropriate language.");
  }
  if (Characters(l.description()) > kMaxDescription) {
    v.Add("listing.description", "Description must be at most " + std::to_string(kMaxDescription) + " characters.");
  } else if (words.Find(l.description())) {
    v.Add("listing.description", "Description contains inappropriate language.");
  }
  const std::size_t size = Characters(l.size());
  if (size == 0 || size > kMaxSize) {
    v.Add("listing.size", "Size must be 1 to " + std::to_string(kMaxSize) + " characters, e.g. M or EU 39.");
  } else if (words.Find(l.size())) {
    v.Add("listing.size", "Size contains inappropriate language.");
  }
  if (l.condition() == v1::LISTING_CONDITION_UNSPECIFIED || !v1::ListingCondition_IsValid(l.condition())) {
    v.Add("listing.condition", "Condition is required: new with tags, like new, good or fair.");
  }
  if (!l.has_price()) {
    v.Add("listing.price", "Price is required (0 for a free swap).");
  } else {
    const auto& p = l.price();
    const auto& code = p.currency_code();
    if (!text::IsCurrencyCode(code)) {
      v.Add("listing.price.currency_code", "Currency must be a three-letter ISO 4217 code such as EUR.");
    }
    const bool negative = p.units() < 0 || p.nanos() < 0;
    if (negative || p.nanos() > 999999999 || p.units() > kMaxPriceUnits ||
        (p.units() == kMaxPriceUnits && p.nanos() > 0)) {
      v.Add("listing.price", "Price must be between 0 and " + std::to_string(kMaxPriceUnits) + ".");
    }
  }
}

std::vector<std::string> SuggestedTags(const v1::ClothingItem& item) {
  const styling::Item words = styling::ItemFromProto(item);
  std::vector<std::string> tags;
  auto add = [&](const std::string& raw) {
    std::string tag = text::Lower(text::Trim(raw));
    std::replace(tag.begin(), tag.end(), '_', ' ');
    if (!tag.empty() && tag != "solid" && std::find(tags.begin(), tags.end(), tag) == tags.end() && tags.size() < 12) {
      tags.push_back(tag);
    }
  };
  add(words.type);
  add(words.primary_color);
  add(words.secondary_color);
  add(words.pattern);
  add(words.style);
  for (const auto& season : words.seasons) add(season);
  add(words.category);
  return tags;
}

}  // namespace stylist::swap
