#pragma once
// SQL embedded at build time from db/ (cmake/GenerateSql.cmake).

#include <vector>

namespace stylist::db {

struct SqlFile {
  const char* name;  // "0001_accounts" or "user/get_profile"
  const char* text;
};

// db/migrations/*.sql in order.
const std::vector<SqlFile>& Migrations();
// db/queries/<group>/<name>.sql, each prepared as "<group>/<name>".
const std::vector<SqlFile>& Queries();

}  // namespace stylist::db
