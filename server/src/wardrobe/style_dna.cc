#include "wardrobe/style_dna.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "common/proto_util.h"
#include "common/text.h"
#include "styling/item_from_proto.h"
#include "styling/outfits.h"

namespace stylist::wardrobe {
namespace {

constexpr std::size_t kMaxShares = 10;
constexpr int kMaxWornItems = 5;

// Counts of words, into shares of `total`, largest first (ties by name).
void AddShares(const std::map<std::string, int>& counts, int total,
               google::protobuf::RepeatedPtrField<v1::StyleShare>* out) {
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [name, count] : sorted) {
    if (static_cast<std::size_t>(out->size()) == kMaxShares) break;
    auto* share = out->Add();
    share->set_name(name);
    share->set_item_count(count);
    share->set_share(total > 0 ? std::round(1000.0F * static_cast<float>(count) / static_cast<float>(total)) / 1000.0F
                               : 0.0F);
  }
}

std::string Percent(const v1::StyleShare& s) {
  return std::to_string(static_cast<int>(std::lround(s.share() * 100))) + "%";
}

std::string Capitalized(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

std::string Words(std::string word) {
  std::replace(word.begin(), word.end(), '_', '-');
  return word;
}

std::string Summary(const v1::StyleDna& dna, const std::vector<styling::Item>& items) {
  if (items.empty()) return "Your wardrobe is empty: add items to see your Style DNA.";
  std::string out = "Your wardrobe of " + std::to_string(items.size()) + " item" + (items.size() == 1 ? "" : "s");
  if (dna.color_palette_size() > 0) {
    out += " is led by " + dna.color_palette(0).name() + " (" + Percent(dna.color_palette(0)) + ")";
    if (dna.color_palette_size() > 2) {
      out += ", then " + dna.color_palette(1).name() + " and " + dna.color_palette(2).name();
    } else if (dna.color_palette_size() == 2) {
      out += ", then " + dna.color_palette(1).name();
    }
  }
  out += ".";
  if (dna.formality_size() > 0) out += " It is mostly " + Words(dna.formality(0).name());
  if (dna.dominant_styles_size() > 0) {
    out += std::string(dna.formality_size() > 0 ? ", and your" : " Your") + " style reads " + dna.dominant_styles(0).name();
  }
  if (dna.formality_size() > 0 || dna.dominant_styles_size() > 0) out += ".";
  if (dna.patterns_size() > 0) out += " You favour " + dna.patterns(0).name() + " pieces.";
  const auto thinnest = std::min_element(dna.seasonal_coverage().begin(), dna.seasonal_coverage().end(),
                                         [](const auto& a, const auto& b) { return a.item_count() < b.item_count(); });
  if (thinnest != dna.seasonal_coverage().end() && thinnest->share() < 0.25F) {
    out += " " + Capitalized(thinnest->name()) + " is your thinnest season, with " +
           std::to_string(thinnest->item_count()) + " piece" + (thinnest->item_count() == 1 ? "" : "s") + ".";
  }
  if (dna.most_worn_size() > 0) {
    out += " Your most worn piece is " + dna.most_worn(0).name() + " (" + std::to_string(dna.most_worn(0).wear_count()) +
           " wear" + (dna.most_worn(0).wear_count() == 1 ? "" : "s") + ")";
    const auto unworn = std::count_if(items.begin(), items.end(), [](const styling::Item& i) { return i.wear_count == 0; });
    if (unworn > 0) out += "; " + std::to_string(unworn) + " piece" + (unworn == 1 ? " has" : "s have") + " never been worn";
    out += ".";
  } else {
    out += " Nothing has been logged as worn yet.";
  }
  return out;
}

}  // namespace

v1::StyleDna ComputeStyleDna(const std::vector<v1::ClothingItem>& protos, const std::vector<v1::Outfit>& outfits) {
  std::vector<styling::Item> items;
  items.reserve(protos.size());
  for (const auto& p : protos) items.push_back(styling::ItemFromProto(p));
  const int n = static_cast<int>(items.size());

  std::map<std::string, int> colors, styles, formality, patterns, categories;
  int with_pattern = 0, with_formality = 0, wears = 0;
  std::map<std::string, int> seasons = {{"spring", 0}, {"summer", 0}, {"autumn", 0}, {"winter", 0}};
  for (const auto& i : items) {
    if (!i.primary_color.empty()) ++colors[text::Lower(i.primary_color)];
    if (!i.style.empty()) ++styles[text::Lower(i.style)];
    if (!i.formality.empty()) {
      ++formality[i.formality];
      ++with_formality;
    }
    if (!i.pattern.empty()) {
      ++patterns[i.pattern];
      ++with_pattern;
    }
    ++categories[i.category.empty() ? "other" : i.category];
    for (auto& [season, count] : seasons) count += i.seasons.empty() || text::Contains(i.seasons, season);
    wears += i.wear_count;
  }
  for (const auto& o : outfits) {
    const std::string f = proto::EnumToWord(v1::Formality_descriptor(), o.formality());
    if (!f.empty()) {
      ++formality[f];
      ++with_formality;
    }
  }

  v1::StyleDna dna;
  AddShares(colors, n, dna.mutable_color_palette());
  AddShares(styles, n, dna.mutable_dominant_styles());
  AddShares(formality, with_formality, dna.mutable_formality());
  AddShares(patterns, with_pattern, dna.mutable_patterns());
  AddShares(categories, n, dna.mutable_categories());
  for (const char* season : {"spring", "summer", "autumn", "winter"}) {
    auto* s = dna.add_seasonal_coverage();
    s->set_name(season);
    s->set_item_count(seasons[season]);
    s->set_share(n > 0 ? std::round(1000.0F * static_cast<float>(seasons[season]) / static_cast<float>(n)) / 1000.0F
                       : 0.0F);
  }

  // Worn: most first; least first with the never-worn, oldest first among
  // equals (protos come newest first).
  std::vector<int> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  auto add = [&](google::protobuf::RepeatedPtrField<v1::StyleDnaItem>* out, int index) {
    auto* worn = out->Add();
    worn->set_item_id(items[static_cast<std::size_t>(index)].id);
    worn->set_name(styling::DisplayName(items[static_cast<std::size_t>(index)]));
    worn->set_wear_count(items[static_cast<std::size_t>(index)].wear_count);
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return items[static_cast<std::size_t>(a)].wear_count > items[static_cast<std::size_t>(b)].wear_count;
  });
  for (const int i : order) {
    if (dna.most_worn_size() == kMaxWornItems || items[static_cast<std::size_t>(i)].wear_count == 0) break;
    add(dna.mutable_most_worn(), i);
  }
  std::reverse(order.begin(), order.end());
  for (const int i : order) {
    if (dna.least_worn_size() == kMaxWornItems) break;
    add(dna.mutable_least_worn(), i);
  }

  dna.set_item_count(n);
  dna.set_outfit_count(static_cast<int>(outfits.size()));
  dna.set_wear_count(wears);
  dna.set_summary(Summary(dna, items));
  return dna;
}

}  // namespace stylist::wardrobe
