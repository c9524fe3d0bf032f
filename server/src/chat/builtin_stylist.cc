#include "chat/builtin_stylist.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "common/text.h"
#include "styling/gaps.h"

namespace stylist::chat {
namespace {

using text::Contains;
using text::HasAny;
using text::Lower;

using styling::ColorsHarmonize;
using styling::Hue;
using styling::IsNeutral;

std::string Name(const WardrobeItem& i) { return styling::DisplayName(i); }

std::string SeasonOf(const std::string& q) {
  if (HasAny(q, {"winter", "cold", "snow", "freezing", "chilly", "frost"})) return "winter";
  if (HasAny(q, {"summer", "hot", "heat", "warm", "sunny", "humid"})) return "summer";
  if (HasAny(q, {"autumn", "fall", "rain", "wet", "windy"})) return "autumn";
  if (HasAny(q, {"spring", "mild"})) return "spring";
  return "";
}

bool Rainy(const std::string& q) { return HasAny(q, {"rain", "wet", "storm", "shower"}); }

std::string JoinNames(const std::vector<const WardrobeItem*>& pieces) {
  std::string s;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0) s += i + 1 == pieces.size() ? " and " : ", ";
    s += "your " + Name(*pieces[i]);
  }
  return s;
}

std::string OutfitAnswer(const ChatContext& c, const std::string& q) {
  auto query = styling::QueryForOccasion(q);
  query.season = SeasonOf(q);
  const bool rain = Rainy(q);
  query.outer_layer = rain || query.season == "winter" || query.season == "autumn";
  query.avoided_colors = c.avoided_colors;
  query.favorite_colors = c.favorite_colors;
  query.max = 2;
  query.max_uses = 1;
  const WardrobeItem* focus = c.focus.empty() ? nullptr : &c.focus.front();
  std::string out = "For " + query.occasion + (query.season.empty() ? "" : " in " + query.season + " weather") + ": ";
  if (c.wardrobe.empty()) {
    return out + "your wardrobe is empty here, so I cannot build an outfit from your own clothes yet. Add a few "
                 "photos of your tops, bottoms and shoes and ask again. As a starting point, " +
           (query.formalities.front() == "business" || query.formalities.front() == "formal"
                ? "a tailored jacket, a light shirt and dark trousers with leather shoes works almost anywhere."
                : "a plain top, dark jeans and clean white trainers is hard to get wrong.");
  }
  if (focus) query.include_ids = {focus->id};
  auto outfits = styling::BuildOutfits(c.wardrobe, query);
  if (outfits.empty() && focus) {
    query.include_ids.clear();
    outfits = styling::BuildOutfits(c.wardrobe, query);
  }
  if (outfits.empty()) {
    std::set<std::string> have;
    for (const auto& i : c.wardrobe) have.insert(i.category);
    std::string missing;
    for (const char* need : {"top", "bottom", "shoes"}) {
      if (!have.count(need)) missing += std::string(missing.empty() ? "" : ", ") + need + "s";
    }
    return out + "I could not put together a full outfit from your items for this" +
           (missing.empty() ? " (the colours or formality of what you have do not line up)"
                            : "; your wardrobe has no " + missing) +
           ". Neutral basics (navy, grey, white, beige) in the missing pieces would make many combinations possible.";
  }
  for (std::size_t k = 0; k < outfits.size(); ++k) {
    out += (k == 0 ? "wear " : " Or: ") + JoinNames(outfits[k].pieces) + ".";
  }
  const auto& first = outfits.front().pieces;
  std::vector<std::string> colors;
  for (const auto* p : first) {
    if (!p->primary_color.empty() && !Contains(colors, p->primary_color)) colors.push_back(p->primary_color);
  }
  if (colors.size() >= 2) {
    out += " The colours (" + colors[0];
    for (std::size_t i = 1; i < colors.size(); ++i) out += ", " + colors[i];
    out += ") work together: neutrals carry any colour, and the rest sit close on the colour wheel or opposite it.";
  }
  if (rain) out += " It may rain: pick shoes that cope with water.";
  if (query.sport) out += " Breathable layers you can take off as you warm up are best for training.";
  return out;
}

// --- colours ------------------------------------------------------------------

std::string ColorAnswer(const ChatContext& c, const std::string& q) {
  std::string color;
  std::string what;
  if (!c.focus.empty()) {
    color = c.focus.front().primary_color;
    what = "your " + Name(c.focus.front());
  } else {
    // A colour named in the question.
    static const std::vector<std::string> kNames = {
        "light blue", "light grey", "dark green", "hot pink", "black", "charcoal", "grey", "white", "cream",
        "beige", "tan", "camel", "khaki", "brown", "navy", "blue", "denim", "teal", "turquoise", "green", "olive",
        "mint", "yellow", "mustard", "orange", "coral", "red", "burgundy", "pink", "purple", "lavender", "gold"};
    for (const auto& n : kNames) {
      if (q.find(n) != std::string::npos) {
        color = n;
        break;
      }
    }
    what = color.empty() ? "" : color;
  }
  if (color.empty()) {
    return "Tell me the colour or attach the item you want to match, and I will name the colours and pieces of "
           "yours that go with it. In general: neutrals (black, white, grey, navy, beige) go with everything; "
           "colours next to each other on the colour wheel look calm together; opposites (blue and orange, red "
           "and green) make a bold contrast, best with one of them muted.";
  }
  std::string out = "With " + what + (what == color ? "" : " (" + color + ")") + ": ";
  if (IsNeutral(color)) {
    out += color + " is a neutral, so almost anything goes with it; pair it with one stronger colour for interest.";
  } else {
    const double h = *Hue(color);
    std::vector<std::string> near, opposite;
    for (const char* other : {"red", "orange", "mustard", "yellow", "olive", "green", "teal", "blue", "purple",
                              "pink", "burgundy", "coral"}) {
      if (other == color) continue;
      const double d = std::abs(std::fmod(*Hue(other) - h + 540.0, 360.0) - 180.0);
      if (d <= 45) near.push_back(other);
      if (d >= 150) opposite.push_back(other);
    }
    out += "neutrals (white, grey, navy, beige, denim) are the safe match";
    if (!near.empty()) {
      out += "; for a calm look add ";
      for (std::size_t i = 0; i < near.size(); ++i) out += (i ? (i + 1 == near.size() ? " or " : ", ") : "") + near[i];
    }
    if (!opposite.empty()) {
      out += "; for contrast, ";
      for (std::size_t i = 0; i < opposite.size(); ++i) {
        out += (i ? (i + 1 == opposite.size() ? " or " : ", ") : "") + opposite[i];
      }
    }
    out += ".";
  }
  std::vector<const WardrobeItem*> matches;
  for (const auto& i : c.wardrobe) {
    if (!c.focus.empty() && i.id == c.focus.front().id) continue;
    if (i.primary_color.empty() || !ColorsHarmonize(color, i.primary_color)) continue;
    if (Contains(c.avoided_colors, Lower(i.primary_color))) continue;
    matches.push_back(&i);
    if (matches.size() == 4) break;
  }
  if (!matches.empty()) out += " From your wardrobe: " + JoinNames(matches) + ".";
  return out;
}

// --- shopping -----------------------------------------------------------------

std::string ShoppingAnswer(const ChatContext& c) {
  const auto gaps = styling::WardrobeGaps(c.wardrobe, c.favorite_colors);
  std::string out = "Looking at your " + std::to_string(c.wardrobe.size()) + " item" +
                    (c.wardrobe.size() == 1 ? "" : "s") + ", I would add: ";
  for (std::size_t i = 0; i < gaps.size() && i < 3; ++i) {
    out += (i ? "; " : "") + Lower(gaps[i].description) + " (" + gaps[i].reason.substr(0, gaps[i].reason.size() - 1) +
           ")";
  }
  out += ".";
  if (!c.favorite_colors.empty() && gaps.front().name != "A statement piece") {
    out += " Choosing them in " + c.favorite_colors.front() + " would suit your taste.";
  }
  if (c.monthly_budget > 0) {
    out += " Within your monthly budget of " + std::to_string(static_cast<long>(c.monthly_budget)) +
           ", buy one well-made basic rather than several cheap ones.";
  }
  return out;
}

// --- care ---------------------------------------------------------------------

std::string CareAnswer(const ChatContext& c, const std::string& q) {
  std::string material = c.focus.empty() ? "" : Lower(c.focus.front().material);
  static const std::vector<std::pair<const char*, const char*>> kCare = {
      {"wool", "Wool: hand-wash cold or use the wool cycle, never tumble dry; dry flat and air it between wears."},
      {"cashmere", "Cashmere: hand-wash cold with a wool detergent, roll in a towel to dry, store folded."},
      {"silk", "Silk: hand-wash cold or dry-clean, no wringing; iron inside out on low."},
      {"denim", "Denim: wash rarely, inside out and cold, to keep the colour; hang to dry."},
      {"linen", "Linen: machine-wash warm, iron while slightly damp."},
      {"leather", "Leather: wipe with a damp cloth, condition a few times a year, keep away from heat."},
      {"polyester", "Polyester: machine-wash warm, low heat in the dryer, little ironing needed."},
      {"cotton", "Cotton: machine-wash at 30-40°C, dry on low or on a line to avoid shrinking."},
  };
  if (material.empty()) {
    for (const auto& [m, tip] : kCare) {
      if (q.find(m) != std::string::npos) material = m;
    }
  }
  for (const auto& [m, tip] : kCare) {
    if (material.find(m) != std::string::npos) {
      return std::string(tip) + " Always check the label first.";
    }
  }
  std::string out = "Check the care label first. In general: wash in cold water and inside out to keep colours, "
                    "skip the dryer for anything that can shrink, and treat stains quickly with cold water (never "
                    "hot, which sets them).";
  if (HasAny(q, {"stain"})) out += " Blot a stain, do not rub it; dish soap lifts grease, cold water lifts blood.";
  return out + " Tell me the fabric for more specific advice.";
}

}  // namespace

Intent DetectIntent(const std::string& question) {
  const std::string q = Lower(question);
  if (HasAny(q, {"wash", "clean", "care", "iron", "stain", "shrink", "dry clean", "laundry"})) return Intent::kCare;
  if (HasAny(q, {"buy", "shopping", "missing", "add to my", "should i get", "invest", "gap"})) {
    return Intent::kShopping;
  }
  if (HasAny(q, {"colour", "color", "match", "go with", "goes with", "pair with", "combine"})) return Intent::kColors;
  if (HasAny(q, {"wear", "outfit", "dress for", "put together", "look for", "what to"})) return Intent::kOutfit;
  if (q.size() < 25 && HasAny(q, {"hi", "hello", "hey", "help", "thanks", "thank you"})) return Intent::kHelp;
  return Intent::kOutfit;
}

std::string BuiltinAnswer(const ChatContext& c) {
  const std::string q = Lower(c.question);
  std::string body;
  switch (DetectIntent(c.question)) {
    case Intent::kOutfit: body = OutfitAnswer(c, q); break;
    case Intent::kColors: body = ColorAnswer(c, q); break;
    case Intent::kShopping: body = ShoppingAnswer(c); break;
    case Intent::kCare: body = CareAnswer(c, q); break;
    case Intent::kHelp:
      body = "I can suggest outfits from your own wardrobe for an occasion, season or weather, say which colours "
             "and pieces go with an item, point out what your wardrobe is missing, and give care tips for "
             "fabrics. Try: \"What should I wear to the office when it's cold?\"";
      break;
  }
  return "(Built-in stylist: rule-based suggestions from your wardrobe, not an AI model.) " + body;
}

}  // namespace stylist::chat
