#include "analysis/skin_store.h"

#include <nlohmann/json.hpp>

#include "db/queries.h"

namespace stylist::analysis {
namespace {

// A row of skin/get.sql or skin/list.sql.
SkinStore::Analysis FromRow(const pqxx::row& row) {
  SkinStore::Analysis a;
  a.analysis_id = row[0].as<std::string>();
  a.skin_type = row[1].as<std::string>();
  a.skin_type_confidence = row[2].as<float>();
  const auto stored = nlohmann::json::parse(row[3].as<std::string>());
  for (std::size_t i = 0; i < a.conditions.size() && i < stored.size(); ++i) a.conditions[i] = stored[i].get<float>();
  a.score = row[4].as<int>();
  a.chapter = row[5].as<int>();
  a.photo_kept = row[6].as<bool>();
  a.model_version = row[7].as<std::string>();
  a.create_micros = row[8].as<std::int64_t>();
  return a;
}

// The owner as the queries' three parameters: user, key, app user (NULL
// where not set).
std::optional<std::string> Param(const std::string& value) {
  return value.empty() ? std::nullopt : std::optional(value);
}

}  // namespace

bool PgSkinStore::KeepsPhotos(const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    auto rows = db::Exec(tx, sql::skin::keep_photos_setting, user_id);
    return !rows.empty() && rows[0][0].as<bool>();
  });
}

SkinStore::Stored PgSkinStore::Insert(const Owner& owner, const NewAnalysis& a) {
  nlohmann::json conditions = nlohmann::json::array();
  for (const float p : a.conditions) conditions.push_back(p);
  return pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    auto row = db::Exec1(tx, sql::skin::insert, Param(owner.user_id), Param(owner.api_key_id),
                         Param(owner.app_user_id), a.skin_type, a.skin_type_confidence, conditions.dump(),
                         a.score, a.chapter, a.measurements_json, a.warnings_json, a.photo_key, a.model_version);
    return Stored{row[0].as<std::string>(), row[1].as<std::int64_t>()};
  });
}

std::optional<SkinStore::Analysis> PgSkinStore::Get(const Owner& owner, const std::string& analysis_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<Analysis> {
    auto rows = db::Exec(tx, sql::skin::get, analysis_id, Param(owner.user_id), Param(owner.api_key_id),
                         Param(owner.app_user_id));
    if (rows.empty()) return std::nullopt;
    return FromRow(rows[0]);
  });
}

std::vector<SkinStore::Analysis> PgSkinStore::List(const Owner& owner,
                                                   const std::optional<std::int64_t>& after_micros,
                                                   const std::optional<std::string>& after_id,
                                                   const std::optional<std::int64_t>& start_micros,
                                                   const std::optional<std::int64_t>& end_micros, int limit) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<Analysis> out;
    for (const auto& row :
         db::Exec(tx, sql::skin::list, Param(owner.user_id), Param(owner.api_key_id), Param(owner.app_user_id), after_micros, after_id, start_micros, end_micros, limit)) {
      out.push_back(FromRow(row));
    }
    return out;
  });
}

std::optional<std::string> PgSkinStore::Delete(const Owner& owner, const std::string& analysis_id) {
  return pool_.WriteOne([&](db::Pool::ReadTx& tx) -> std::optional<std::string> {
    auto rows = db::Exec(tx, sql::skin::delete_, analysis_id, Param(owner.user_id), Param(owner.api_key_id),
                         Param(owner.app_user_id));
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

}  // namespace stylist::analysis
