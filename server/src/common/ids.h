#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "common/api_error.h"

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

// An id field of a request (item, outfit, conversation...): required, and
// one this API could have returned.
inline void CheckId(const std::string& id, const std::string& field, Violations& v) {
  if (id.empty()) v.Add(field, "required");
  else if (!IsUuid(id)) v.Add(field, "must be an id returned by this API");
}

}  // namespace stylist
