#include "user/sessions.h"

#include "common/proto_util.h"
#include "db/queries.h"

namespace stylist::user {
namespace {

long long UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

void IssuePair(pqxx::work& tx, const TokenIssuer& issuer, const std::string& user_id,
               const std::string& session_id, std::chrono::system_clock::time_point now,
               v1::AuthTokens* tokens) {
  const auto refresh_expiry = now + issuer.refresh_ttl();
  const std::string refresh = TokenIssuer::NewOpaqueToken();
  db::Exec0(tx, sql::session::insert_refresh_token, TokenIssuer::HashOpaqueToken(refresh), session_id,
            UnixSeconds(refresh_expiry));
  const AccessToken access = issuer.IssueAccessToken(user_id, session_id, now);
  tokens->set_access_token(access.token);
  proto::SetTime(tokens->mutable_access_token_expire_time(), access.expires_at);
  tokens->set_refresh_token(refresh);
  proto::SetTime(tokens->mutable_refresh_token_expire_time(),
                 std::chrono::time_point_cast<std::chrono::seconds>(refresh_expiry));
  tokens->set_token_type("Bearer");
}

}  // namespace

std::string StartSession(pqxx::work& tx, const TokenIssuer& issuer, const std::string& user_id,
                         const CallContext& call, v1::AuthTokens* tokens) {
  const auto now = std::chrono::system_clock::now();
  auto row = db::Exec1(tx, sql::session::create, user_id, UnixSeconds(now + issuer.refresh_ttl()),
                       call.user_agent, call.client_address);
  const std::string session_id = row[0].as<std::string>();
  IssuePair(tx, issuer, user_id, session_id, now, tokens);
  return session_id;
}

void RotateSession(pqxx::work& tx, const TokenIssuer& issuer, const std::string& user_id,
                   const std::string& session_id, v1::AuthTokens* tokens) {
  const auto now = std::chrono::system_clock::now();
  db::Exec0(tx, sql::session::extend, session_id, UnixSeconds(now + issuer.refresh_ttl()));
  IssuePair(tx, issuer, user_id, session_id, now, tokens);
}

}  // namespace stylist::user
