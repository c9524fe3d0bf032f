#pragma once
// Small text helpers shared by the rule engines (styling, the built-in
// stylist).

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace stylist::text {

inline std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Whether `text` contains any of `words` (as substrings).
inline bool HasAny(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

inline bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// "a, b,,c" -> {"a", "b", "c"}: comma-separated items, trimmed of spaces and
// tabs, empty ones dropped (settings lists, stored scope lists).
inline std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const auto b = text.find_first_not_of(" \t", start);
    if (b != std::string::npos && b < end) {
      const auto e = text.find_last_not_of(" \t", end - 1);
      out.push_back(text.substr(b, e - b + 1));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace stylist::text
