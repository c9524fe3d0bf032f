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

}  // namespace stylist::text
