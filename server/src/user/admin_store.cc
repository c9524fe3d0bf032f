#include "user/admin_store.h"

#include "auth/audit.h"
#include "common/proto_util.h"
#include "common/text.h"
#include "db/queries.h"

namespace stylist::user {
namespace {

v1::UserSummary SummaryFromRow(const pqxx::row& row) {
  v1::UserSummary u;
  u.set_user_id(row[0].as<std::string>());
  u.set_email(row[1].as<std::string>());
  u.set_username(row[2].as<std::string>());
  u.set_role(row[3].as<std::string>() == "admin" ? v1::ROLE_ADMIN : v1::ROLE_USER);
  proto::SetMicros(u.mutable_create_time(), row[4].as<std::int64_t>());
  u.set_external(row[5].as<bool>());
  return u;
}

}  // namespace

std::vector<AdminStore::UserRow> PgAdminStore::ListUsers(const std::optional<std::string>& after_time,
                                                        const std::optional<std::string>& after_id, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<UserRow> out;
    for (const auto& row : db::Exec(tx, sql::user::list, after_time, after_id, limit)) {
      out.push_back({SummaryFromRow(row), row[6].as<std::string>()});
    }
    return out;
  });
}

std::optional<v1::UserSummary> PgAdminStore::SetRole(const std::string& user_id, const std::string& role,
                                                     const CallContext& call, const nlohmann::json& audit) {
  return pool_.Transact([&](pqxx::work& tx) -> std::optional<v1::UserSummary> {
    auto r = db::Exec(tx, sql::user::set_role, user_id, role);
    if (r.empty()) return std::nullopt;
    auth::RecordAudit(tx, "role_changed", user_id, call, audit);
    return SummaryFromRow(r[0]);
  });
}

std::vector<v1::AuditEvent> PgAdminStore::ListAudit(const std::optional<long long>& before,
                                                    const std::optional<std::string>& user_id,
                                                    const std::optional<std::string>& event_type, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<v1::AuditEvent> out;
    for (const auto& row : db::Exec(tx, sql::audit::list, before, user_id, event_type, limit)) {
      v1::AuditEvent& e = out.emplace_back();
      e.set_audit_event_id(std::to_string(row[0].as<long long>()));
      proto::SetMicros(e.mutable_create_time(), row[1].as<std::int64_t>());
      e.set_event_type(row[2].as<std::string>());
      e.set_user_id(row[3].as<std::string>());
      e.set_client_address(row[4].as<std::string>());
      e.set_request_id(row[5].as<std::string>());
      proto::FromJson(row[6].as<std::string>(), e.mutable_details());
    }
    return out;
  });
}

AdminStore::StoredKey PgAdminStore::InsertKey(const NewKey& k, const CallContext& call, const std::string& actor,
                                              nlohmann::json audit) {
  return pool_.Transact([&](pqxx::work& tx) {
    auto row = db::Exec1(tx, sql::apikey::insert, k.name, k.prefix, k.secret_hash, k.created_by, k.scopes,
                         k.expires_micros, k.own_legacy_users_only);
    StoredKey stored{row[0].as<std::string>(), row[1].as<std::int64_t>()};
    audit["api_key_id"] = stored.api_key_id;
    auth::RecordAudit(tx, "api_key_created", actor, call, audit);
    return stored;
  });
}

std::vector<v1::ApiKey> PgAdminStore::ListKeys(const std::optional<std::string>& after_id, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<v1::ApiKey> out;
    for (const auto& row : db::Exec(tx, sql::apikey::list, after_id, limit)) {
      v1::ApiKey& k = out.emplace_back();
      k.set_api_key_id(row[0].as<std::string>());
      k.set_name(row[1].as<std::string>());
      k.set_prefix("sk_" + row[2].as<std::string>());
      proto::SetMicros(k.mutable_create_time(), row[3].as<std::int64_t>());
      if (row[4].as<std::int64_t>() != 0) proto::SetMicros(k.mutable_last_use_time(), row[4].as<std::int64_t>());
      if (row[5].as<std::int64_t>() != 0) proto::SetMicros(k.mutable_revoke_time(), row[5].as<std::int64_t>());
      for (const auto& scope : text::SplitList(row[6].as<std::string>())) {
        k.add_scopes(static_cast<v1::ApiKeyScope>(proto::EnumFromWord(v1::ApiKeyScope_descriptor(), scope)));
      }
      if (row[7].as<std::int64_t>() != 0) proto::SetMicros(k.mutable_expire_time(), row[7].as<std::int64_t>());
      k.set_own_legacy_users_only(row[8].as<bool>());
    }
    return out;
  });
}

bool PgAdminStore::RevokeKey(const std::string& api_key_id, const CallContext& call, const std::string& actor) {
  return pool_.Transact([&](pqxx::work& tx) {
    if (db::Exec(tx, sql::apikey::revoke, api_key_id).empty()) return false;
    auth::RecordAudit(tx, "api_key_revoked", actor, call, {{"api_key_id", api_key_id}});
    return true;
  });
}

}  // namespace stylist::user
