#include "user/sessions.h"

#include "common/proto_util.h"

namespace stylist::user {

MintedRefreshToken MintRefreshToken(const TokenIssuer& issuer) {
  MintedRefreshToken refresh;
  refresh.now = std::chrono::system_clock::now();
  refresh.token = TokenIssuer::NewOpaqueToken();
  refresh.stored = {TokenIssuer::HashOpaqueToken(refresh.token), refresh.now + issuer.refresh_ttl()};
  return refresh;
}

void FillTokens(const TokenIssuer& issuer, const MintedRefreshToken& refresh, const std::string& user_id,
                const std::string& session_id, v1::AuthTokens* tokens) {
  const AccessToken access = issuer.IssueAccessToken(user_id, session_id, refresh.now);
  tokens->set_access_token(access.token);
  proto::SetTime(tokens->mutable_access_token_expire_time(), access.expires_at);
  tokens->set_refresh_token(refresh.token);
  proto::SetTime(tokens->mutable_refresh_token_expire_time(),
                 std::chrono::time_point_cast<std::chrono::seconds>(refresh.stored.expires));
  tokens->set_token_type("Bearer");
}

}  // namespace stylist::user
