#pragma once
// Starting sessions and minting their token pairs; shared by register,
// login, refresh and password change.

#include <pqxx/pqxx>

#include <string>

#include "auth/principal.h"
#include "auth/token_issuer.h"
#include "stylist/v1/user.pb.h"

namespace stylist::user {

// Creates a session row with its first refresh token; fills tokens.
std::string StartSession(pqxx::work& tx, const TokenIssuer& issuer, const std::string& user_id,
                         const CallContext& call, v1::AuthTokens* tokens);

// Adds a new refresh token to an existing session and extends it.
void RotateSession(pqxx::work& tx, const TokenIssuer& issuer, const std::string& user_id,
                   const std::string& session_id, v1::AuthTokens* tokens);

}  // namespace stylist::user
