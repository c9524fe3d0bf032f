#include "db/migrate.h"

#include <pqxx/pqxx>

#include <stdexcept>

#include "common/crypto.h"
#include "common/logging.h"
#include "db/sql_files.h"

namespace stylist::db {
namespace {
// Any fixed 64-bit number, the same in every replica.
constexpr long long kMigrationLockKey = 0x5374796c697374;  // "Stylist"
}  // namespace

int Migrate(const std::string& database_url) {
  pqxx::connection conn(database_url);
  {
    pqxx::nontransaction n(conn);
    n.exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")");
  }
  int applied_now = 0;
  try {
    {
      pqxx::work tx(conn);
      tx.exec0(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version text PRIMARY KEY, checksum text NOT NULL,"
          " applied_at timestamptz NOT NULL DEFAULT now())");
      tx.commit();
    }
    for (const auto& m : Migrations()) {
      const std::string checksum = crypto::ToHex(crypto::Sha256(m.text));
      pqxx::work tx(conn);
      auto r = tx.exec_params("SELECT checksum FROM schema_migrations WHERE version = $1", m.name);
      if (!r.empty()) {
        if (r[0][0].as<std::string>() != checksum) {
          throw std::runtime_error(std::string("migration ") + m.name +
                                   " was changed after it was applied; add a new migration instead");
        }
        continue;
      }
      tx.exec(m.text);
      tx.exec_params0("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", m.name,
                      checksum);
      tx.commit();
      ++applied_now;
      log::Info("migration applied", {{"version", m.name}});
    }
  } catch (...) {
    pqxx::nontransaction n(conn);
    n.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")");
    throw;
  }
  pqxx::nontransaction n(conn);
  n.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")");
  return applied_now;
}

}  // namespace stylist::db
