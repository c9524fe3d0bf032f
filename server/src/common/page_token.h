#pragma once
// Opaque page tokens: a small JSON object, base64url-encoded, bound to the
// list it came from so a token from one list is refused by another, and
// signed (HMAC-SHA256 with a server key) so that a client cannot forge a
// position: a token the server did not make is INVALID_ARGUMENT before any
// of it is read.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace stylist {

// The signing key: set once at start, before serving, from a secret every
// replica shares (so a token from one replica is good on another). Without
// it a random key of this process is used.
void SetPageTokenKey(std::string key);

std::string EncodePageToken(const std::string& list, const nlohmann::json& position);
// Throws InvalidArgument("page_token", ...) when malformed or foreign.
nlohmann::json DecodePageToken(const std::string& list, const std::string& token);

// page_size: 0 means `fallback`; negative is refused; above `max` is capped
// (AIP-158).
int PageSize(int requested, int fallback, int max);

// The common keyset position: a time in microseconds and a row id (uuid).
struct TimeIdPosition {
  std::int64_t micros = 0;
  std::string id;
};
std::string EncodeTimeIdToken(const std::string& list, std::int64_t micros, const std::string& id);
// Nullopt for an empty token; INVALID_ARGUMENT for a malformed one.
std::optional<TimeIdPosition> DecodeTimeIdToken(const std::string& list, const std::string& token);

}  // namespace stylist
