#include "common/etag.h"

#include "common/api_error.h"

namespace stylist {

std::string EtagOf(std::int64_t change) { return "c" + std::to_string(change); }

std::string ExpectedEtag(const std::string& field, const std::string& if_match) {
  if (!field.empty()) return field;
  std::string v = if_match;
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v == "*" ? std::string() : v;
}

void CheckEtag(const std::string& expected, std::int64_t current_change, const std::string& what) {
  if (expected.empty() || expected == EtagOf(current_change)) return;
  throw Aborted("the " + what + " changed since etag '" + expected + "' was read (now '" + EtagOf(current_change) +
                "'); read it again and reapply the change");
}

}  // namespace stylist
