#include "legacy/validation.h"

#include <algorithm>
#include <cctype>

#include "common/api_error.h"

namespace stylist::legacy {
namespace {

bool HasControlChars(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace

std::string CleanFileName(const std::string& name) {
  std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (unsigned char c : base) {
    out += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? static_cast<char>(c) : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "image";
  if (out.size() > 100) out = out.substr(out.size() - 100);
  return out;
}

void CheckCreateLegacyUser(const v1::CreateLegacyUserRequest& req) {
  Violations v;
  if (req.username().empty() || req.username().size() > 100 || HasControlChars(req.username())) {
    v.Add("username", "must be 1 to 100 characters without control characters");
  }
  if (req.has_style_preferences() && req.style_preferences().size() > 2000) {
    v.Add("style_preferences", "must be at most 2000 characters");
  }
  if (req.has_style_preferences() && req.style_preferences().find('\0') != std::string::npos) {
    v.Add("style_preferences", "must not contain NUL characters");
  }
  v.ThrowIfAny();
}

}  // namespace stylist::legacy
