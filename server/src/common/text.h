#pragma once
// The server's text helpers (case, trimming, word lists): one copy of each,
// used by every module. ASCII case only: what clients type as words,
// codes and usernames is compared in ASCII lower case.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace stylist::text {

inline std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

inline std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// Three capital letters, as an ISO 4217 currency code is written ("EUR").
inline bool IsCurrencyCode(std::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// `text` without leading and trailing characters of `blanks` (by default
// spaces, tabs and line ends).
inline std::string Trim(std::string_view text, std::string_view blanks = " \t\r\n") {
  const auto b = text.find_first_not_of(blanks);
  if (b == std::string_view::npos) return "";
  return std::string(text.substr(b, text.find_last_not_of(blanks) - b + 1));
}

// Trimmed and lower-cased: how free-text words (colours, tags, logins) are
// compared and stored.
inline std::string Word(std::string_view text) { return Lower(Trim(text)); }

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
