#include "user/validation.h"
#include "common/text.h"

#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace stylist::user {
namespace {

bool HasControlChars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

void CheckRange(Violations& v, const std::string& field, bool has, double value, double lo, double hi,
                const char* unit) {
  if (!has) return;
  if (!std::isfinite(value) || value < lo || value > hi) {
    v.Add(field, "must be between " + std::to_string(static_cast<int>(lo)) + " and " +
                     std::to_string(static_cast<int>(hi)) + " " + unit);
  }
}

template <typename List>
void CheckWords(Violations& v, const std::string& field, const List& list, int max_items,
                std::size_t max_len) {
  if (list.size() > max_items) {
    v.Add(field, "at most " + std::to_string(max_items) + " entries");
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < list.size(); ++i) {
    const std::string& w = list.Get(i);
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (w.empty() || w.size() > max_len) {
      v.Add(f, "must be 1 to " + std::to_string(max_len) + " characters");
    } else if (HasControlChars(w)) {
      v.Add(f, "must not contain control characters");
    } else if (!seen.insert(NormalizeLogin(w)).second) {
      v.Add(f, "duplicate entry");
    }
  }
}

void CheckShortText(Violations& v, const std::string& field, const std::string& text, std::size_t max) {
  if (text.size() > max) v.Add(field, "must be at most " + std::to_string(max) + " characters");
  else if (HasControlChars(text)) v.Add(field, "must not contain control characters");
}

}  // namespace

std::string NormalizeLogin(std::string_view text) { return text::Word(text); }

std::optional<std::string> CheckEmail(std::string_view email) {
  if (email.empty()) return "required";
  if (email.size() > 254) return "must be at most 254 characters";
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return "must contain exactly one '@'";
  }
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return "the part before '@' must be 1 to 64 characters";
  for (unsigned char c : local) {
    if (!(std::isalnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~.-").find(static_cast<char>(c)) !=
                                 std::string_view::npos)) {
      return "contains a character not allowed in an address";
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "dots may not start, end or repeat in the part before '@'";
  }
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos) {
    return "the domain must contain a dot, e.g. example.com";
  }
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto dot = domain.find('.', start);
    auto label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63) return "the domain has an empty or too long label";
    if (label.front() == '-' || label.back() == '-') return "domain labels may not start or end with '-'";
    for (unsigned char c : label) {
      if (!(std::isalnum(c) || c == '-')) return "the domain contains a character not allowed";
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return std::nullopt;
}

std::optional<std::string> CheckUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 32) return "must be 3 to 32 characters";
  if (!std::isalnum(static_cast<unsigned char>(username.front()))) {
    return "must start with a letter or digit";
  }
  for (unsigned char c : username) {
    if (!(std::isalnum(c) || c == '_' || c == '.' || c == '-')) {
      return "may contain only letters, digits, '_', '.' and '-'";
    }
  }
  if (username.rfind("ext_", 0) == 0) return "the prefix 'ext_' is reserved";
  return std::nullopt;
}

std::optional<std::string> CheckDisplayName(std::string_view name) {
  if (name.size() > 64) return "must be at most 64 characters";
  if (HasControlChars(name)) return "must not contain control characters";
  return std::nullopt;
}

void CheckProfile(const v1::Profile& p, Violations& v) {
  if (auto why = CheckUsername(p.username())) v.Add("profile.username", *why);
  if (auto why = CheckDisplayName(p.display_name())) v.Add("profile.display_name", *why);

  const auto& s = p.style();
  CheckWords(v, "profile.style.styles", s.styles(), 20, 40);
  CheckWords(v, "profile.style.favorite_colors", s.favorite_colors(), 20, 40);
  CheckWords(v, "profile.style.avoided_colors", s.avoided_colors(), 20, 40);
  CheckWords(v, "profile.style.occasions", s.occasions(), 20, 40);
  if (s.notes().size() > 2000) v.Add("profile.style.notes", "must be at most 2000 characters");
  if (!std::isfinite(s.monthly_budget()) || s.monthly_budget() < 0 || s.monthly_budget() > 1e7) {
    v.Add("profile.style.monthly_budget", "must be between 0 and 10000000");
  }

  const auto& b = p.body();
  CheckRange(v, "profile.body.chest_cm", b.has_chest_cm(), b.chest_cm(), 40, 250, "cm");
  CheckRange(v, "profile.body.waist_cm", b.has_waist_cm(), b.waist_cm(), 30, 250, "cm");
  CheckRange(v, "profile.body.hips_cm", b.has_hips_cm(), b.hips_cm(), 40, 250, "cm");
  CheckRange(v, "profile.body.inseam_cm", b.has_inseam_cm(), b.inseam_cm(), 30, 130, "cm");
  CheckRange(v, "profile.body.shoulder_cm", b.has_shoulder_cm(), b.shoulder_cm(), 20, 80, "cm");
  CheckRange(v, "profile.body.shoe_size_eu", b.has_shoe_size_eu(), b.shoe_size_eu(), 15, 55, "(EU)");
  CheckShortText(v, "profile.body.top_size", b.top_size(), 16);
  CheckShortText(v, "profile.body.bottom_size", b.bottom_size(), 16);
  CheckShortText(v, "profile.body.body_shape", b.body_shape(), 32);

  const auto& f = p.fitness();
  if (f.has_age() && (f.age() < 13 || f.age() > 120)) {
    v.Add("profile.fitness.age", "must be between 13 and 120");
  }
  CheckRange(v, "profile.fitness.height_cm", f.has_height_cm(), f.height_cm(), 50, 272, "cm");
  CheckRange(v, "profile.fitness.weight_kg", f.has_weight_kg(), f.weight_kg(), 20, 500, "kg");
  CheckWords(v, "profile.fitness.allergies", f.allergies(), 30, 40);
  std::set<int> diets;
  for (int i = 0; i < f.dietary_preferences_size(); ++i) {
    const int d = f.dietary_preferences(i);
    const std::string field = "profile.fitness.dietary_preferences[" + std::to_string(i) + "]";
    if (d == v1::DIETARY_PREFERENCE_UNSPECIFIED || !v1::DietaryPreference_IsValid(d)) {
      v.Add(field, "must be a known dietary preference");
    } else if (!diets.insert(d).second) {
      v.Add(field, "duplicate entry");
    }
  }
  const bool vegan = diets.count(v1::DIETARY_PREFERENCE_VEGAN) > 0;
  if (vegan && diets.count(v1::DIETARY_PREFERENCE_PESCATARIAN)) {
    v.Add("profile.fitness.dietary_preferences", "vegan and pescatarian contradict each other");
  }
  if (!v1::Sex_IsValid(f.sex())) v.Add("profile.fitness.sex", "unknown value");
  if (!v1::FitnessGoal_IsValid(f.fitness_goal())) v.Add("profile.fitness.fitness_goal", "unknown value");
  if (!v1::ActivityLevel_IsValid(f.activity_level())) v.Add("profile.fitness.activity_level", "unknown value");
}

void CheckUpdateMask(const google::protobuf::FieldMask& mask, Violations& v) {
  static const std::set<std::string> kReadOnly = {"user_id", "email", "role", "create_time",
                                                  "update_time"};
  if (mask.paths_size() == 0) {
    v.Add("update_mask", "required: name the fields to change, e.g. \"display_name\"");
    return;
  }
  for (const auto& path : mask.paths()) {
    const std::string top = path.substr(0, path.find('.'));
    // The etag is a condition, not a field to write (REST PATCH bodies that
    // carry it get it into the derived mask); writing the profile ignores it.
    if (path == "etag") {
      if (mask.paths_size() == 1) v.Add("update_mask", "nothing to update: the etag alone changes nothing");
      continue;
    }
    if (kReadOnly.count(top)) {
      v.Add("update_mask", "'" + path + "' is read-only");
    } else if (!google::protobuf::util::FieldMaskUtil::GetFieldDescriptors(
                   v1::Profile::descriptor(), path, nullptr)) {
      v.Add("update_mask", "'" + path + "' is not a field of Profile");
    }
  }
}

}  // namespace stylist::user
