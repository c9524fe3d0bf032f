#pragma once
// Applies db/migrations in order at start, under a PostgreSQL advisory lock
// so that several replicas starting together apply each migration once.
// An applied migration whose text changed is a start-up error.

#include <string>

namespace stylist::db {

// Returns the number of migrations applied now. Throws on failure.
int Migrate(const std::string& database_url);

}  // namespace stylist::db
