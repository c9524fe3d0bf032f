// Style from type, colours and pattern: rules a stylist would state, not a
// trained model, so no answer is given with high confidence.
#include <algorithm>
#include <set>
#include <string>

#include "stylist_ml/clothing_model.h"

namespace stylist::ml {
namespace {

bool In(const std::set<std::string>& set, const std::string& v) { return set.count(v) > 0; }

}  // namespace

Prediction StyleOf(const std::string& type, const std::vector<ColorShare>& colors, const std::string& pattern) {
  static const std::set<std::string> kDarkNeutrals = {"black", "charcoal", "navy", "grey", "chocolate"};
  static const std::set<std::string> kLightNeutrals = {"white", "cream", "beige", "light grey", "light blue",
                                                       "camel", "tan", "khaki"};
  static const std::set<std::string> kEvening = {"black", "burgundy", "gold", "silver", "purple", "navy"};
  static const std::set<std::string> kLoud = {"red", "orange", "yellow", "hot pink", "turquoise", "coral",
                                              "green", "blue"};
  const std::string primary = colors.empty() ? "" : colors.front().name;
  const bool plain = pattern == "solid";
  const bool neat = plain || pattern == "striped" || pattern == "checked";

  if (type == "dress" && plain && In(kEvening, primary)) return {"evening", 0.55f};
  if ((type == "shirt" || type == "outwear" || type == "pants") && plain && In(kDarkNeutrals, primary)) {
    return {"formal", 0.55f};
  }
  if ((type == "shirt" || type == "longsleeve" || type == "skirt" || type == "pants" || type == "dress") && neat &&
      (In(kDarkNeutrals, primary) || In(kLightNeutrals, primary))) {
    return {"smart", 0.5f};
  }
  if ((type == "shorts" || type == "t-shirt" || type == "shoes") && plain && In(kLoud, primary)) {
    return {"sporty", 0.4f};
  }
  return {"casual", type == "t-shirt" || type == "shorts" || pattern == "printed" ? 0.6f : 0.45f};
}

}  // namespace stylist::ml
