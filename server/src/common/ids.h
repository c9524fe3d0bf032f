#pragma once

#include <cctype>
#include <string_view>

namespace stylist {

// Canonical textual UUID (8-4-4-4-12 hex digits). Ids from clients are
// checked with this before they reach SQL, so a malformed id is a clear
// INVALID_ARGUMENT rather than a database error.
inline bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace stylist
