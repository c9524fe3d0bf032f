#include "wardrobe/validation.h"

#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <set>

#include "common/ids.h"
#include "common/proto_util.h"
#include "wardrobe/codec.h"
#include "common/text.h"

namespace stylist::wardrobe {
namespace {


void NormalizeWords(google::protobuf::RepeatedPtrField<std::string>* words) {
  for (auto& w : *words) w = text::Word(w);
}

bool HasControlChars(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 && c != '\n' && c != '\t'; });
}

void CheckText(Violations& v, const std::string& field, const std::string& text, std::size_t max,
               bool single_line = true) {
  if (text.size() > max) {
    v.Add(field, "must be at most " + std::to_string(max) + " characters");
  } else if (HasControlChars(text) || (single_line && text.find('\n') != std::string::npos)) {
    v.Add(field, "must not contain control characters");
  }
}

void CheckWords(Violations& v, const std::string& field, const google::protobuf::RepeatedPtrField<std::string>& words,
                int max_items, std::size_t max_len) {
  if (words.size() > max_items) {
    v.Add(field, "at most " + std::to_string(max_items) + " entries");
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < words.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (words[i].empty() || words[i].size() > max_len) {
      v.Add(f, "must be 1 to " + std::to_string(max_len) + " characters");
    } else if (HasControlChars(words[i]) || words[i].find('\n') != std::string::npos) {
      v.Add(f, "must not contain control characters");
    } else if (!seen.insert(words[i]).second) {
      v.Add(f, "duplicate entry");
    }
  }
}

void CheckSeasons(Violations& v, const std::string& field, const google::protobuf::RepeatedField<int>& seasons) {
  std::set<int> seen;
  for (int i = 0; i < seasons.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (seasons[i] == v1::SEASON_UNSPECIFIED || !v1::Season_IsValid(seasons[i])) {
      v.Add(f, "must be a known season");
    } else if (!seen.insert(seasons[i]).second) {
      v.Add(f, "duplicate entry");
    }
  }
}

}  // namespace

void NormalizeItem(v1::ClothingItem& item) {
  item.set_name(text::Trim(item.name()));
  item.set_subcategory(text::Word(item.subcategory()));
  item.set_primary_color(text::Word(item.primary_color()));
  item.set_secondary_color(text::Word(item.secondary_color()));
  item.set_material(text::Word(item.material()));
  item.set_brand(text::Trim(item.brand()));
  item.set_size(text::Trim(item.size()));
  NormalizeWords(item.mutable_occasions());
  NormalizeWords(item.mutable_tags());
  if (item.has_price()) {
    item.mutable_price()->set_currency_code(text::Upper(text::Trim(item.price().currency_code())));
  }
}

void NormalizeOutfit(v1::Outfit& outfit) {
  outfit.set_name(text::Trim(outfit.name()));
  NormalizeWords(outfit.mutable_occasions());
  NormalizeWords(outfit.mutable_tags());
}


void CheckPastDate(const google::type::Date& date, const std::string& field, bool required, Violations& v) {
  if (!DateParam(date)) {
    if (required) v.Add(field, "required");
    return;
  }
  if (!IsRealDate(date)) {
    v.Add(field, "must be a real calendar date from 1900 on");
    return;
  }
  // Allow one day ahead: the client's "today" may be ahead of UTC.
  if (DaysFromCivil(date) > DaysFromCivil(Today()) + 1) v.Add(field, "must not be in the future");
}

void CheckItem(const v1::ClothingItem& item, Violations& v) {
  CheckText(v, "item.name", item.name(), 200);
  if (!v1::ClothingCategory_IsValid(item.category())) v.Add("item.category", "unknown value");
  CheckText(v, "item.subcategory", item.subcategory(), 60);
  CheckText(v, "item.primary_color", item.primary_color(), 40);
  CheckText(v, "item.secondary_color", item.secondary_color(), 40);
  if (!v1::ClothingPattern_IsValid(item.pattern())) v.Add("item.pattern", "unknown value");
  CheckText(v, "item.material", item.material(), 60);
  CheckSeasons(v, "item.seasons", item.seasons());
  CheckWords(v, "item.occasions", item.occasions(), 20, 40);
  if (!v1::Formality_IsValid(item.formality())) v.Add("item.formality", "unknown value");
  CheckText(v, "item.brand", item.brand(), 100);
  CheckText(v, "item.size", item.size(), 20);
  if (item.has_price()) {
    const auto& p = item.price();
    const auto& code = p.currency_code();
    if (!text::IsCurrencyCode(code)) {
      v.Add("item.price.currency_code", "must be an ISO 4217 code such as EUR");
    }
    if (p.units() < 0 || p.units() > 1000000000 || p.nanos() < 0 || p.nanos() > 999999999) {
      v.Add("item.price", "must be between 0 and 1000000000");
    }
  }
  CheckPastDate(item.purchase_date(), "item.purchase_date", false, v);
  CheckText(v, "item.notes", item.notes(), 2000, /*single_line=*/false);
  CheckWords(v, "item.tags", item.tags(), 30, 40);
}

void CheckOutfit(const v1::Outfit& outfit, Violations& v) {
  CheckText(v, "outfit.name", outfit.name(), 200);
  if (outfit.item_ids().empty()) {
    v.Add("outfit.item_ids", "an outfit needs at least one item");
  } else if (outfit.item_ids_size() > kMaxItemsPerOutfit) {
    v.Add("outfit.item_ids", "at most " + std::to_string(kMaxItemsPerOutfit) + " items");
  } else {
    std::set<std::string> seen;
    for (int i = 0; i < outfit.item_ids_size(); ++i) {
      const std::string f = "outfit.item_ids[" + std::to_string(i) + "]";
      if (!IsUuid(outfit.item_ids(i))) v.Add(f, "must be an item id");
      else if (!seen.insert(outfit.item_ids(i)).second) v.Add(f, "duplicate entry");
    }
  }
  CheckWords(v, "outfit.occasions", outfit.occasions(), 20, 40);
  CheckSeasons(v, "outfit.seasons", outfit.seasons());
  if (!v1::Formality_IsValid(outfit.formality())) v.Add("outfit.formality", "unknown value");
  CheckText(v, "outfit.notes", outfit.notes(), 2000, /*single_line=*/false);
  CheckWords(v, "outfit.tags", outfit.tags(), 30, 40);
}

google::protobuf::FieldMask ItemMask(const v1::ClothingItem& item, const google::protobuf::FieldMask& mask,
                                     Violations& v) {
  static const std::set<std::string> kReadOnly = {"item_id", "wear_count", "last_worn_date", "photo", "analysis",
                                                  "analysis_status", "create_time", "update_time", "etag"};
  return proto::WritableMask(item, mask, kReadOnly, "ClothingItem", v);
}

google::protobuf::FieldMask OutfitMask(const v1::Outfit& outfit, const google::protobuf::FieldMask& mask,
                                       Violations& v) {
  static const std::set<std::string> kReadOnly = {"outfit_id", "source", "wear_count", "last_worn_date",
                                                  "create_time", "update_time", "etag"};
  return proto::WritableMask(outfit, mask, kReadOnly, "Outfit", v);
}
}  // namespace stylist::wardrobe
