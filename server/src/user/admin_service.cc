#include "user/admin_service.h"

#include <algorithm>

#include "common/api_error.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "common/text.h"

namespace stylist::user {
namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;


std::optional<std::string> ActorId(const CallContext& call) {
  if (call.principal.kind == Principal::Kind::kUser) return call.principal.user_id;
  return std::nullopt;
}

}  // namespace

void AdminService::ListUsers(const CallContext&, const v1::ListUsersRequest& req,
                             v1::ListUsersResponse* resp) {
  const int size = PageSize(req.page_size(), kDefaultPage, kMaxPage);
  std::optional<std::string> after_time, after_id;
  if (!req.page_token().empty()) {
    auto pos = DecodePageToken("users", req.page_token());
    if (!pos.is_array() || pos.size() != 2 || !pos[0].is_string() || !pos[1].is_string() ||
        !IsUuid(pos[1].get<std::string>())) {
      throw InvalidArgument("page_token", "malformed");
    }
    after_time = pos[0].get<std::string>();
    after_id = pos[1].get<std::string>();
  }
  const auto rows = d_.admin.ListUsers(after_time, after_id, size + 1);
  for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) *resp->add_users() = rows[i].user;
  if (static_cast<int>(rows.size()) > size) {
    const auto& last = rows[static_cast<std::size_t>(size - 1)];
    resp->set_next_page_token(EncodePageToken("users", {last.cursor_time, last.user.user_id()}));
  }
}

void AdminService::SetUserRole(const CallContext& call, const v1::SetUserRoleRequest& req,
                               v1::SetUserRoleResponse* resp) {
  Violations v;
  if (!IsUuid(req.user_id())) v.Add("user_id", "must be a user id");
  if (req.role() != v1::ROLE_USER && req.role() != v1::ROLE_ADMIN) v.Add("role", "must be ROLE_USER or ROLE_ADMIN");
  v.ThrowIfAny();
  const std::string role = req.role() == v1::ROLE_ADMIN ? "admin" : "user";
  auto user = d_.admin.SetRole(req.user_id(), role, call,
                             {{"role", role}, {"by", ActorId(call).value_or("api_key:" + call.principal.api_key_id)}});
  if (!user) throw NotFound("no such user");
  *resp->mutable_user() = std::move(*user);
  d_.authenticator.ForgetAllSessions();
}

void AdminService::ListAuditEvents(const CallContext&, const v1::ListAuditEventsRequest& req,
                                   v1::ListAuditEventsResponse* resp) {
  const int size = PageSize(req.page_size(), kDefaultPage, kMaxPage);
  if (!req.user_id().empty() && !IsUuid(req.user_id())) throw InvalidArgument("user_id", "must be a user id");
  if (req.event_type().size() > 64) throw InvalidArgument("event_type", "too long");
  std::optional<long long> before;
  if (!req.page_token().empty()) {
    auto pos = DecodePageToken("audit", req.page_token());
    if (!pos.is_number_integer()) throw InvalidArgument("page_token", "malformed");
    before = pos.get<long long>();
  }
  auto opt = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
  auto events = d_.admin.ListAudit(before, opt(req.user_id()), opt(req.event_type()), size + 1);
  const bool more = static_cast<int>(events.size()) > size;
  if (more) events.resize(static_cast<std::size_t>(size));
  for (auto& e : events) *resp->add_audit_events() = std::move(e);
  if (more) {
    resp->set_next_page_token(EncodePageToken("audit", std::stoll(resp->audit_events(size - 1).audit_event_id())));
  }
}

void AdminService::CreateApiKey(const CallContext& call, const v1::CreateApiKeyRequest& req,
                                v1::CreateApiKeyResponse* resp) {
  Violations v;
  if (req.name().empty() || req.name().size() > 100) v.Add("name", "must be 1 to 100 characters");
  std::vector<std::string> scopes;
  for (int i = 0; i < req.scopes_size(); ++i) {
    const std::string word = proto::EnumToWord(v1::ApiKeyScope_descriptor(), req.scopes(i));
    if (word.empty()) {
      v.Add("scopes", "unknown scope; one or more of API_KEY_SCOPE_ADMIN, API_KEY_SCOPE_LEGACY, API_KEY_SCOPE_ANALYSIS");
      break;
    }
    if (std::find(scopes.begin(), scopes.end(), word) == scopes.end()) scopes.push_back(word);
  }
  if (req.scopes_size() == 0) {
    v.Add("scopes", "required: what the key may do (API_KEY_SCOPE_LEGACY, API_KEY_SCOPE_ANALYSIS or API_KEY_SCOPE_ADMIN)");
  }
  const auto has = [&](std::string_view s) { return std::find(scopes.begin(), scopes.end(), s) != scopes.end(); };
  if (req.own_legacy_users_only() && (!has(kScopeLegacy) || has(kScopeAdmin))) {
    v.Add("own_legacy_users_only", "binds a key with the legacy scope and without admin (admin acts for everyone)");
  }
  std::int64_t expires_micros = 0;
  if (req.has_expire_time()) {
    expires_micros = req.expire_time().seconds() * 1000000 + req.expire_time().nanos() / 1000;
    const auto now_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    if (expires_micros <= now_micros) v.Add("expire_time", "must be in the future");
  }
  v.ThrowIfAny();
  std::string joined;
  for (const auto& s : scopes) joined += (joined.empty() ? "" : ",") + s;

  std::string prefix;
  const std::string secret = Authenticator::NewApiKey(&prefix);
  const auto stored = d_.admin.InsertKey(
      {req.name(), prefix, TokenIssuer::HashOpaqueToken(secret), ActorId(call), joined, expires_micros,
       req.own_legacy_users_only()},
      call, ActorId(call).value_or(""),
      {{"name", req.name()}, {"scopes", scopes}, {"own_legacy_users_only", req.own_legacy_users_only()}});
  auto* k = resp->mutable_api_key();
  k->set_api_key_id(stored.api_key_id);
  k->set_name(req.name());
  k->set_prefix("sk_" + prefix);
  proto::SetMicros(k->mutable_create_time(), stored.create_micros);
  for (const auto& s : scopes) {
    k->add_scopes(static_cast<v1::ApiKeyScope>(proto::EnumFromWord(v1::ApiKeyScope_descriptor(), s)));
  }
  if (expires_micros != 0) proto::SetMicros(k->mutable_expire_time(), expires_micros);
  k->set_own_legacy_users_only(req.own_legacy_users_only());
  resp->set_secret(secret);
}

void AdminService::ListApiKeys(const CallContext&, const v1::ListApiKeysRequest& req,
                               v1::ListApiKeysResponse* resp) {
  const int size = PageSize(req.page_size(), kDefaultPage, kMaxPage);
  std::optional<std::string> after;
  if (!req.page_token().empty()) {
    auto pos = DecodePageToken("api_keys", req.page_token());
    if (!pos.is_string() || !IsUuid(pos.get<std::string>())) throw InvalidArgument("page_token", "malformed");
    after = pos.get<std::string>();
  }
  auto keys = d_.admin.ListKeys(after, size + 1);
  const bool more = static_cast<int>(keys.size()) > size;
  if (more) keys.resize(static_cast<std::size_t>(size));
  for (auto& k : keys) *resp->add_api_keys() = std::move(k);
  if (more) resp->set_next_page_token(EncodePageToken("api_keys", resp->api_keys(size - 1).api_key_id()));
}

void AdminService::RevokeApiKey(const CallContext& call, const v1::RevokeApiKeyRequest& req,
                                v1::RevokeApiKeyResponse*) {
  if (!IsUuid(req.api_key_id())) throw InvalidArgument("api_key_id", "must be an API key id");
  if (!d_.admin.RevokeKey(req.api_key_id(), call, ActorId(call).value_or(""))) {
    throw NotFound("no such active API key");
  }
  d_.authenticator.ForgetAllSessions();
}

}  // namespace stylist::user
