#pragma once
// Opaque page tokens: a small JSON object, base64url-encoded, bound to the
// list it came from so a token from one list is refused by another.

#include <nlohmann/json.hpp>

#include <string>

namespace stylist {

std::string EncodePageToken(const std::string& list, const nlohmann::json& position);
// Throws InvalidArgument("page_token", ...) when malformed or foreign.
nlohmann::json DecodePageToken(const std::string& list, const std::string& token);

// page_size: 0 means `fallback`; negative is refused; above `max` is capped
// (AIP-158).
int PageSize(int requested, int fallback, int max);

}  // namespace stylist
