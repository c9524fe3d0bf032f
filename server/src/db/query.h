#pragma once
// Typed handles for the named queries of db/queries. The build generates
// db/queries.h with one constant per file, sql::<group>::<name>, so a query
// is named by an identifier the compiler checks (a misspelt one does not
// compile) and db::Exec checks the number of arguments against the SQL's
// parameters ($1..$N) at compile time. Every connection of db::Pool has each
// query prepared under its name.

#include <pqxx/pqxx>

#include <utility>

namespace stylist::db {

template <int Params>
struct Query {
  const char* name;
  static constexpr int kParams = Params;
};

template <int Params, typename... Args>
pqxx::result Exec(pqxx::transaction_base& tx, Query<Params> query, Args&&... args) {
  static_assert(sizeof...(Args) == Params, "the query takes a different number of parameters");
  return tx.exec_prepared(query.name, std::forward<Args>(args)...);
}

// Exactly one row, or pqxx::unexpected_rows.
template <int Params, typename... Args>
pqxx::row Exec1(pqxx::transaction_base& tx, Query<Params> query, Args&&... args) {
  static_assert(sizeof...(Args) == Params, "the query takes a different number of parameters");
  return tx.exec_prepared1(query.name, std::forward<Args>(args)...);
}

// No rows, or pqxx::unexpected_rows.
template <int Params, typename... Args>
pqxx::result Exec0(pqxx::transaction_base& tx, Query<Params> query, Args&&... args) {
  static_assert(sizeof...(Args) == Params, "the query takes a different number of parameters");
  return tx.exec_prepared0(query.name, std::forward<Args>(args)...);
}

}  // namespace stylist::db
