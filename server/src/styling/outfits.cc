#include "styling/outfits.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "common/text.h"

namespace stylist::styling {
namespace {

using text::Contains;
using text::HasAny;
using text::Lower;

// Worn in the last three days: 3; in the last week: 2; in two weeks: 1.
int RecentlyWornPenalty(const Item& i, const OutfitQuery& q) {
  if (q.today < 0 || i.last_worn_day < 0) return 0;
  const long days = q.today - i.last_worn_day;
  return days < 3 ? 3 : days < 7 ? 2 : days < 14 ? 1 : 0;
}

// How well an item suits the query; negative: leave it out.
int Fit(const Item& i, const OutfitQuery& q) {
  if (Contains(q.avoided_colors, Lower(i.primary_color))) return -1;
  if (!q.season.empty() && !i.seasons.empty() && !Contains(i.seasons, q.season)) return -1;
  int score = 0;
  const auto f = std::find(q.formalities.begin(), q.formalities.end(), i.formality);
  if (f == q.formalities.end()) {
    if (!i.formality.empty()) return -1;
  } else {
    score += 6 - 2 * static_cast<int>(f - q.formalities.begin());
  }
  if (q.sport != (i.category == "sportswear")) score -= q.sport ? 4 : 2;
  if (Contains(q.favorite_colors, Lower(i.primary_color))) score += 2;
  if (i.favorite) score += 1;
  score -= std::min(i.wear_count, 20) / 5;  // rotate towards less-worn pieces
  score -= RecentlyWornPenalty(i, q);
  return score;
}

// What the rules ask of an item, worked out once per BuildOutfits: a
// wardrobe of 300 items makes thousands of candidate outfits, and looking
// the colours up again for each pair cost most of the time.
struct Facts {
  int fit = 0;
  bool neutral = true;
  std::optional<double> hue;
  bool patterned = false;
};

bool HuesHarmonize(const Facts& a, const Facts& b) {
  if (a.neutral || b.neutral || !a.hue || !b.hue) return true;
  const double d = std::abs(std::fmod(*a.hue - *b.hue + 540.0, 360.0) - 180.0);
  return d <= 45 || d >= 150;
}

class Rules {
 public:
  Rules(const std::vector<Item>& wardrobe, const OutfitQuery& q) : base_(wardrobe.data()), facts_(wardrobe.size()) {
    for (std::size_t i = 0; i < wardrobe.size(); ++i) {
      const Item& item = wardrobe[i];
      Facts& f = facts_[i];
      f.fit = Fit(item, q);
      f.neutral = IsNeutral(item.primary_color);
      f.hue = Hue(item.primary_color);
      f.patterned = !item.pattern.empty() && item.pattern != "solid";
    }
  }
  const Facts& Of(const Item* item) const { return facts_[static_cast<std::size_t>(item - base_)]; }

  // Colours that go together pairwise; one bold pattern at most.
  bool Harmonious(const std::vector<const Item*>& pieces) const {
    int patterned = 0;
    for (std::size_t a = 0; a < pieces.size(); ++a) {
      const Facts& fa = Of(pieces[a]);
      patterned += fa.patterned;
      for (std::size_t b = a + 1; b < pieces.size(); ++b) {
        if (!HuesHarmonize(fa, Of(pieces[b]))) return false;
      }
    }
    return patterned <= 1;
  }

  // A logistic curve of the pieces' mean fit: a typical good match (4-6)
  // is ~0.8.
  double Score(const std::vector<const Item*>& pieces) const {
    int fit = 0;
    for (const auto* p : pieces) fit += Of(p).fit;
    const double mean = static_cast<double>(fit) / static_cast<double>(pieces.size());
    return std::round(1000 / (1 + std::exp(-(mean - 1) / 2.5))) / 1000;
  }

 private:
  const Item* base_;
  std::vector<Facts> facts_;
};

std::string Title(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string FormalityWords(const std::string& f) {
  if (f.empty()) return "casual";
  std::string out = f;
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

// Names and reasons an outfit already chosen and scored.
void Describe(Outfit& o, const OutfitQuery& q) {
  const std::vector<const Item*>& pieces = o.pieces;
  std::vector<std::string> colors;
  std::string accent;
  for (const auto* p : pieces) {
    if (p->primary_color.empty() || Contains(colors, p->primary_color)) continue;
    colors.push_back(p->primary_color);
    if (accent.empty() && !IsNeutral(p->primary_color)) accent = p->primary_color;
  }
  const std::string formality = pieces.front()->formality;
  o.name = Title((accent.empty() ? (colors.empty() ? std::string() : colors.front() + " ") : accent + " ") +
                 FormalityWords(formality));
  if (colors.size() >= 2) {
    std::string list;
    for (std::size_t i = 0; i < colors.size(); ++i) list += (i ? (i + 1 == colors.size() ? " and " : ", ") : "") + colors[i];
    o.reasons.push_back("The colours (" + list + ") go together: " +
                        (accent.empty() ? "all neutrals." : "neutrals carry any colour, and the others sit close on "
                                                            "the colour wheel or opposite it."));
  }
  o.reasons.push_back("Every piece suits " + q.occasion + ".");
  if (!q.season.empty()) o.reasons.push_back("Chosen for " + q.season + ".");
  if (q.today >= 0 && std::none_of(pieces.begin(), pieces.end(),
                                   [&](const Item* p) { return RecentlyWornPenalty(*p, q) > 0; })) {
    o.reasons.push_back("None of these pieces has been worn in the last two weeks.");
  }
  if (std::any_of(pieces.begin(), pieces.end(), [](const Item* p) { return p->category == "outerwear"; }) &&
      q.outer_layer) {
    o.reasons.push_back("An outer layer for the weather.");
  }
}

}  // namespace

// Hue angles of the analysis palette's colours; neutrals have none.
std::optional<double> Hue(const std::string& raw) {
  static const std::map<std::string, double> kHues = {
      {"red", 0},        {"burgundy", 345},  {"coral", 16},      {"orange", 30},    {"mustard", 45},
      {"gold", 48},      {"yellow", 55},     {"olive", 75},      {"green", 140},    {"dark green", 145},
      {"mint", 150},     {"teal", 180},      {"turquoise", 180}, {"blue", 220},     {"light blue", 210},
      {"purple", 275},   {"lavender", 265},  {"pink", 340},      {"hot pink", 325},
  };
  auto it = kHues.find(Lower(raw));
  if (it == kHues.end()) return std::nullopt;
  return it->second;
}

namespace {

// A name that is only the photo's file name ("2160a577-….jpg", "IMG_0042.JPG":
// the legacy upload names items so) says nothing of the item.
bool IsFileName(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  static const std::set<std::string> kImageExtensions = {"jpg", "jpeg", "png", "webp", "heic", "heif", "gif", "bmp"};
  return kImageExtensions.count(Lower(name.substr(dot + 1))) > 0;
}

}  // namespace

std::string DisplayName(const Item& i) {
  if (!i.name.empty() && !IsFileName(i.name)) return i.name;
  const std::string color = i.primary_color.empty() ? "" : i.primary_color + " ";
  return color + (!i.type.empty() ? i.type : (!i.category.empty() ? i.category : "item"));
}

bool IsNeutral(const std::string& raw) {
  static const std::set<std::string> kNeutrals = {"black", "charcoal", "grey",  "gray",  "light grey", "white",
                                                  "cream", "beige",    "tan",   "camel", "khaki",      "brown",
                                                  "chocolate", "navy", "denim", "silver", ""};
  return kNeutrals.count(Lower(raw)) > 0;
}

bool ColorsHarmonize(const std::string& a, const std::string& b) {
  return HuesHarmonize({.neutral = IsNeutral(a), .hue = Hue(a)}, {.neutral = IsNeutral(b), .hue = Hue(b)});
}

OutfitQuery QueryForOccasion(const std::string& raw) {
  const std::string w = Lower(raw);
  OutfitQuery q;
  if (HasAny(w, {"wedding", "gala", "black tie", "black-tie", "formal", "opera"})) {
    q.occasion = "a formal event";
    q.formalities = {"formal", "black_tie", "business"};
  } else if (HasAny(w, {"office", "work", "interview", "meeting", "business", "conference"})) {
    q.occasion = "work";
    q.formalities = {"business", "smart_casual", "formal"};
  } else if (HasAny(w, {"date", "dinner", "restaurant", "party", "drinks", "theatre", "theater"})) {
    q.occasion = "an evening out";
    q.formalities = {"smart_casual", "business", "casual"};
  } else if (HasAny(w, {"gym", "workout", "run", "training", "yoga", "hike", "sport"})) {
    q.occasion = "training";
    q.formalities = {"casual", ""};
    q.sport = true;
  } else if (HasAny(w, {"beach", "pool", "holiday", "vacation"})) {
    q.occasion = "the beach";
    q.formalities = {"casual", ""};
  }
  return q;
}

std::vector<Outfit> BuildOutfits(const std::vector<Item>& wardrobe, const OutfitQuery& q) {
  const Rules rules(wardrobe, q);
  std::vector<const Item*> included;
  for (const auto& i : wardrobe) {
    if (Contains(q.include_ids, i.id)) included.push_back(&i);
  }
  auto forced = [&](const std::string& category) {
    std::vector<const Item*> out;
    for (const auto* i : included) {
      if (i->category == category || (category == "top" && i->category == "sportswear")) out.push_back(i);
    }
    return out;
  };
  // Candidates of a slot, best first: the included ones when there are any.
  auto ranked = [&](const std::string& category) {
    auto must = forced(category);
    if (!must.empty()) return must;
    std::vector<std::pair<int, const Item*>> scored;
    for (const auto& i : wardrobe) {
      const bool slot = i.category == category || (category == "top" && q.sport && i.category == "sportswear");
      if (!slot || Contains(q.exclude_ids, i.id)) continue;
      const int s = rules.Of(&i).fit;
      if (s >= 0 || (q.sport && i.category == "sportswear")) scored.push_back({s, &i});
    }
    std::stable_sort(scored.begin(), scored.end(), [](auto& a, auto& b) { return a.first > b.first; });
    std::vector<const Item*> out;
    for (const auto& [s, i] : scored) out.push_back(i);
    return out;
  };
  const auto tops = ranked("top"), bottoms = ranked("bottom"), dresses = ranked("dress"), shoes = ranked("shoes"),
             outer = ranked("outerwear");
  const bool dress_forced = !forced("dress").empty();
  const bool separates_forced = !forced("top").empty() || !forced("bottom").empty();
  std::vector<std::vector<const Item*>> bases;
  if (!dress_forced) {
    for (const auto* t : tops) {
      for (const auto* b : bottoms) bases.push_back({t, b});
    }
  }
  if (!separates_forced) {
    for (const auto* d : dresses) bases.push_back({d});
  }
  const bool want_outer = q.outer_layer || !forced("outerwear").empty();
  std::vector<Outfit> candidates;
  for (const auto& base : bases) {
    auto pieces = base;
    for (const auto* s : shoes) {
      pieces.push_back(s);
      if (rules.Harmonious(pieces)) break;
      pieces.pop_back();
    }
    if (want_outer) {
      for (const auto* x : outer) {
        pieces.push_back(x);
        if (rules.Harmonious(pieces)) break;
        pieces.pop_back();
      }
    }
    // Included accessories, bags and the like ride along.
    for (const auto* i : included) {
      if (std::find(pieces.begin(), pieces.end(), i) == pieces.end() && i->category != "top" &&
          i->category != "bottom" && i->category != "dress" && i->category != "shoes" && i->category != "outerwear" &&
          i->category != "sportswear") {
        pieces.push_back(i);
      }
    }
    if (!rules.Harmonious(pieces)) continue;
    if (!std::all_of(included.begin(), included.end(),
                     [&](const Item* i) { return std::find(pieces.begin(), pieces.end(), i) != pieces.end(); })) {
      continue;
    }
    Outfit candidate;
    candidate.score = rules.Score(pieces);
    candidate.pieces = std::move(pieces);
    candidates.push_back(std::move(candidate));
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Outfit& a, const Outfit& b) { return a.score > b.score; });
  // Variety: a top, bottom or dress appears in at most max_uses outfits.
  std::map<const Item*, int> uses;
  std::vector<Outfit> out;
  for (auto& c : candidates) {
    if (static_cast<int>(out.size()) >= q.max) break;
    const bool worn_out = std::any_of(c.pieces.begin(), c.pieces.end(), [&](const Item* p) {
      const bool base = p->category == "top" || p->category == "bottom" || p->category == "dress" ||
                        p->category == "sportswear";
      return base && !Contains(q.include_ids, p->id) && uses[p] >= q.max_uses;
    });
    if (worn_out) continue;
    for (const auto* p : c.pieces) ++uses[p];
    out.push_back(std::move(c));
  }
  for (auto& o : out) Describe(o, q);
  return out;
}

}  // namespace stylist::styling
