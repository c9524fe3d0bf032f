#include "common/page_token.h"

#include "common/crypto.h"
#include "common/api_error.h"
#include "common/ids.h"

namespace stylist {

namespace {

// 128 bits of the HMAC: forging one is 2^128 tries.
constexpr std::size_t kMacBytes = 16;

std::string& Key() {
  static std::string key = crypto::RandomBytes(32);
  return key;
}

std::string Mac(std::string_view payload) {
  return crypto::HmacSha256(Key(), payload).substr(0, kMacBytes);
}

}  // namespace

void SetPageTokenKey(std::string key) { Key() = std::move(key); }

// payload.mac, both base64url: the JSON {"l": list, "p": position}.
std::string EncodePageToken(const std::string& list, const nlohmann::json& position) {
  const std::string payload = crypto::Base64UrlEncode(nlohmann::json{{"l", list}, {"p", position}}.dump());
  return payload + "." + crypto::Base64UrlEncode(Mac(payload));
}

nlohmann::json DecodePageToken(const std::string& list, const std::string& token) {
  const auto malformed = [] {
    return InvalidArgument("page_token", "not a page token of this server; pass the next_page_token of a previous response");
  };
  const auto dot = token.rfind('.');
  std::string mac;
  if (token.size() > 1024 || dot == std::string::npos ||
      !crypto::Base64UrlDecode(std::string_view(token).substr(dot + 1), &mac)) {
    throw malformed();
  }
  const std::string payload = token.substr(0, dot);
  if (!crypto::Equal(mac, Mac(payload))) throw malformed();
  std::string raw;
  if (!crypto::Base64UrlDecode(payload, &raw)) throw malformed();
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
