// libFuzzer target: page tokens as a client sends them back. Any string is
// either a position this server signed or INVALID_ARGUMENT; never a crash,
// never another exception, never a position it did not sign, nor
// another spelling of one it did.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/api_error.h"
#include "common/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool keyed = [] {
    stylist::SetPageTokenKey(std::string(32, 'k'));
    return true;
  }();
  (void)keyed;
  const std::string token(reinterpret_cast<const char*>(data), size);
  try {
    // Accepted: then it is exactly the token this server makes for that
    // position (the MAC covers every byte; no other spelling passes).
    const auto position = stylist::DecodePageToken("items", token);
    if (stylist::EncodePageToken("items", position) != token) __builtin_trap();
  } catch (const stylist::ApiError& e) {
    if (e.code() != grpc::StatusCode::INVALID_ARGUMENT) __builtin_trap();
  }
  try {
    stylist::DecodeTimeIdToken("outfits", token);
  } catch (const stylist::ApiError& e) {
    if (e.code() != grpc::StatusCode::INVALID_ARGUMENT) __builtin_trap();
  }
  return 0;
}
