#include "common/page_token.h"

#include "auth/crypto.h"
#include "common/api_error.h"
#include "common/ids.h"

namespace stylist {

std::string EncodePageToken(const std::string& list, const nlohmann::json& position) {
  return crypto::Base64UrlEncode(nlohmann::json{{"l", list}, {"p", position}}.dump());
}

nlohmann::json DecodePageToken(const std::string& list, const std::string& token) {
  std::string raw;
  if (token.size() > 1024 || !crypto::Base64UrlDecode(token, &raw)) {
    throw InvalidArgument("page_token", "malformed; pass the next_page_token of a previous response");
  }
  auto j = nlohmann::json::parse(raw, nullptr, false);
  if (!j.is_object() || !j.contains("l") || j["l"] != list || !j.contains("p")) {
    throw InvalidArgument("page_token", "does not belong to this list");
  }
  return j["p"];
}

std::string EncodeTimeIdToken(const std::string& list, std::int64_t micros, const std::string& id) {
  return EncodePageToken(list, {{"t", micros}, {"id", id}});
}

std::optional<TimeIdPosition> DecodeTimeIdToken(const std::string& list, const std::string& token) {
  if (token.empty()) return std::nullopt;
  const auto position = DecodePageToken(list, token);
  TimeIdPosition out;
  try {
    out.micros = position.at("t").get<std::int64_t>();
    out.id = position.at("id").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    throw InvalidArgument("page_token", "malformed page token");
  }
  if (!IsUuid(out.id)) throw InvalidArgument("page_token", "malformed page token");
  return out;
}

int PageSize(int requested, int fallback, int max) {
  if (requested < 0) throw InvalidArgument("page_size", "must not be negative");
  if (requested == 0) return fallback;
  return requested > max ? max : requested;
}

}  // namespace stylist
