// For the few queries whose shape depends on the request (list filters and
// sort orders): SQL text assembled from fixed fragments, with every value
// passed as a parameter, never spliced into the text.
#pragma once

#include <pqxx/pqxx>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace stylist::db {

class DynamicQuery {
 public:
  // Adds a value and returns its placeholder ("$3"); cast it in the SQL
  // (e.g. "$3::date") where the column is not text.
  std::string Param(std::string value) {
    params_.push_back(std::move(value));
    return "$" + std::to_string(params_.size());
  }
  DynamicQuery& operator<<(const std::string& sql) {
    sql_ += sql;
    return *this;
  }
  const std::string& sql() const { return sql_; }

  // Runs as a prepared statement named after the SQL text, so that each
  // shape is planned once per connection (planning a list query costs more
  // than running it). The shapes are few: fixed fragments, bounded combinations.
  pqxx::result Run(pqxx::transaction_base& tx) const {
    char name[48];
    std::snprintf(name, sizeof name, "dyn_%zx_%zu", std::hash<std::string>{}(sql_), sql_.size());
    tx.conn().prepare(name, sql_);
    return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(params_));
  }

 private:
  std::string sql_;
  std::vector<std::string> params_;
};

}  // namespace stylist::db
