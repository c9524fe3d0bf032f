#include "auth/credential_store.h"

#include "common/text.h"
#include "db/queries.h"

namespace stylist::auth {

std::optional<std::string> PgCredentialStore::ActiveSessionRole(const std::string& session_id,
                                                                const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<std::string> {
    auto r = db::Exec(tx, sql::session::check_active, session_id, user_id);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
  });
}

std::optional<CredentialStore::Account> PgCredentialStore::FindOrCreateExternal(const ExternalIdentity& identity) {
  try {
    return pool_.Transact([&](pqxx::work& tx) {
      auto row = db::Exec1(tx, sql::user::find_or_create_external, identity.issuer, identity.subject,
                           identity.username, identity.email);
      return Account{row[0].as<std::string>(), row[1].as<std::string>()};
    });
  } catch (const pqxx::unique_violation&) {
    return std::nullopt;
  }
}

std::optional<CredentialStore::ApiKey> PgCredentialStore::UseApiKey(const std::string& prefix,
                                                                    const KeyCheck& accept) {
  return pool_.Transact([&](pqxx::work& tx) -> std::optional<ApiKey> {
    auto r = db::Exec(tx, sql::apikey::find_by_prefix, prefix);
    if (r.empty()) return std::nullopt;
    ApiKey key{r[0][0].as<std::string>(), r[0][1].as<std::string>(), text::SplitList(r[0][2].as<std::string>()),
               std::nullopt, r[0][4].as<bool>()};
    if (const auto micros = r[0][3].as<std::int64_t>(); micros != 0) {
      key.expires = std::chrono::system_clock::time_point(std::chrono::microseconds(micros));
    }
    if (!accept(key)) return std::nullopt;
    db::Exec0(tx, sql::apikey::touch, key.api_key_id);
    return key;
  });
}

}  // namespace stylist::auth
