#include "user/profile_store.h"

#include <unordered_map>

#include <nlohmann/json.hpp>

#include "auth/audit.h"
#include "common/api_error.h"
#include "common/ids.h"
#include "common/proto_util.h"
#include "common/text.h"
#include "db/queries.h"
#include "user/profile_codec.h"
#include "user/validation.h"

namespace stylist::user {
namespace {

// Runs user/update_profile with every editable field of `p` and returns the
// stored result.
v1::Profile WriteProfile(pqxx::work& tx, const std::string& user_id, const v1::Profile& p) {
  const auto& f = p.fitness();
  nlohmann::json diets = nlohmann::json::array();
  for (int d : f.dietary_preferences()) {
    diets.push_back(proto::EnumToWord(v1::DietaryPreference_descriptor(), d));
  }
  nlohmann::json allergies = nlohmann::json::array();
  for (const auto& a : f.allergies()) allergies.push_back(NormalizeLogin(a));
  v1::Profile messages;
  *messages.mutable_style() = p.style();
  *messages.mutable_body() = p.body();
  *messages.mutable_privacy() = p.privacy();
  auto row = db::Exec1(tx, sql::user::update_profile, user_id, p.username(), NormalizeLogin(p.username()), p.display_name(),
                       proto::ToJson(p.style()), proto::ToJson(p.body()), proto::ToJson(p.privacy()),
                       f.has_age() ? std::optional<int>(f.age()) : std::nullopt,
                       proto::EnumToWord(v1::Sex_descriptor(), f.sex()),
                       f.has_height_cm() ? std::optional<double>(f.height_cm()) : std::nullopt,
                       f.has_weight_kg() ? std::optional<double>(f.weight_kg()) : std::nullopt,
                       proto::EnumToWord(v1::FitnessGoal_descriptor(), f.fitness_goal()), diets.dump(),
                       allergies.dump(), proto::EnumToWord(v1::ActivityLevel_descriptor(), f.activity_level()),
                       pqxx::binarystring(messages.SerializeAsString()));
  return ProfileFromRow(row);
}

}  // namespace

std::vector<ProfileStore::ProfileRead> PgProfileStore::ReadProfiles(const std::vector<const std::string*>& user_ids) {
  // A text array literal of the ids: they come from verified tokens and are
  // UUIDs (checked again here, as nothing else may reach the literal).
  std::string array = "{";
  for (const std::string* id : user_ids) {
    if (!IsUuid(*id)) continue;
    if (array.size() > 1) array += ',';
    array += *id;
  }
  array += '}';
  // By id as the database writes it (lower case); each row decoded on its
  // own, so a row that cannot be read fails only its reader.
  std::unordered_map<std::string, ProfileRead> found;
  pool_.Read([&](db::Pool::ReadTx& tx) {
    found.clear();
    for (const auto& row : db::Exec(tx, sql::user::get_profiles, array)) {
      ProfileRead read;
      try {
        read.profile = ProfileFromRow(row);
      } catch (const std::exception&) {
        read.error = std::current_exception();
      }
      found.emplace(row[0].as<std::string>(), std::move(read));
    }
  });
  std::vector<ProfileRead> results;
  results.reserve(user_ids.size());
  for (const std::string* id : user_ids) {
    auto it = found.find(text::Lower(*id));
    results.push_back(it == found.end() ? ProfileRead{} : it->second);
  }
  return results;
}

v1::Profile PgProfileStore::UpdateProfile(const std::string& user_id, const ProfileChange& change) {
  try {
    return pool_.Transact([&](pqxx::work& tx) {
      auto r = db::Exec(tx, sql::user::get_profile_for_update, user_id);
      if (r.empty()) throw NotFound("account not found");
      const v1::Profile current = ProfileFromRow(r[0]);
      return WriteProfile(tx, user_id, change(current, r[0][17].as<std::int64_t>()));
    });
  } catch (const pqxx::unique_violation&) {
    throw AlreadyExists("profile.username", "this username is taken");
  } catch (const pqxx::check_violation&) {
    throw InvalidArgument("profile", "a value is out of range");
  }
}

std::optional<std::string> PgProfileStore::PasswordHash(const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<std::string> {
    auto r = db::Exec(tx, sql::user::get_password_hash, user_id);
    if (r.empty()) return std::nullopt;
    return r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
  });
}

std::vector<std::string> PgProfileStore::DeleteAccount(const std::string& user_id, const CallContext& call) {
  return pool_.Transact([&](pqxx::work& tx) {
    std::vector<std::string> blob_keys;
    for (const auto& query : {sql::photo::keys_of_user, sql::skin::photo_keys_of_user}) {
      for (const auto& row : db::Exec(tx, query, user_id)) {
        for (const auto& field : row) {
          if (!field.is_null()) blob_keys.push_back(field.as<std::string>());
        }
      }
    }
    // The audit row keeps only the id: the account's data goes with it.
    auth::RecordAudit(tx, "account_deleted", user_id, call);
    db::Exec0(tx, sql::user::delete_, user_id);
    return blob_keys;
  });
}

std::string PgProfileStore::ExportAccount(const std::string& user_id, const CallContext& call) {
  return pool_.Transact([&](pqxx::work& tx) {
    auto row = db::Exec1(tx, sql::user::export_, user_id);
    auth::RecordAudit(tx, "data_exported", user_id, call);
    return row[0].as<std::string>();
  });
}

std::vector<v1::Session> PgProfileStore::ListSessions(const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<v1::Session> sessions;
    for (const auto& row : db::Exec(tx, sql::session::list, user_id)) {
      v1::Session& s = sessions.emplace_back();
      s.set_session_id(row[0].as<std::string>());
      proto::SetMicros(s.mutable_create_time(), row[1].as<std::int64_t>());
      proto::SetMicros(s.mutable_last_use_time(), row[2].as<std::int64_t>());
      proto::SetMicros(s.mutable_expire_time(), row[3].as<std::int64_t>());
      s.set_user_agent(row[4].as<std::string>());
      s.set_client_address(row[5].as<std::string>());
    }
    return sessions;
  });
}

bool PgProfileStore::RevokeSession(const std::string& user_id, const std::string& session_id,
                                   const CallContext& call) {
  return pool_.Transact([&](pqxx::work& tx) {
    auto r = db::Exec(tx, sql::session::revoke, session_id, user_id, "revoked_by_user");
    if (!r.empty()) auth::RecordAudit(tx, "session_revoked", user_id, call, {{"session_id", session_id}});
    return !r.empty();
  });
}

}  // namespace stylist::user
