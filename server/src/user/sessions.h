#pragma once
// Minting a session's token pair: the refresh token, made before the
// session is stored (the store keeps only its hash), and the access token
// once the session has its id. Shared by register, login, refresh and
// password change.

#include <chrono>
#include <string>

#include "auth/token_issuer.h"
#include "stylist/v1/user.pb.h"
#include "user/account_store.h"

namespace stylist::user {

struct MintedRefreshToken {
  std::chrono::system_clock::time_point now;  // when the pair is issued
  std::string token;                          // for the client, once
  AccountStore::NewRefreshToken stored;       // its hash and expiry
};
MintedRefreshToken MintRefreshToken(const TokenIssuer& issuer);

// Fills `tokens` with the refresh token and a new access token for the
// session.
void FillTokens(const TokenIssuer& issuer, const MintedRefreshToken& refresh, const std::string& user_id,
                const std::string& session_id, v1::AuthTokens* tokens);

}  // namespace stylist::user
