#include "user/profile_codec.h"

#include <nlohmann/json.hpp>

#include "common/etag.h"
#include "common/proto_util.h"
#include "user/validation.h"

namespace stylist::user {

namespace {
// The column of profile_pb in the profile queries' rows.
constexpr int kProfileMessages = 18;
}  // namespace

v1::Profile ProfileFromRow(const pqxx::row& row) {
  v1::Profile p;
  // Style, body and privacy: the serialised messages (profile_pb), parsed
  // first (parsing clears the message), or the jsonb of a row no profile
  // update has written since they were added.
  if (!row[kProfileMessages].is_null()) {
    const pqxx::binarystring bytes(row[kProfileMessages]);
    if (!p.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      throw std::runtime_error("users.profile_pb does not hold a Profile");
    }
  } else {
    proto::FromJson(row[5].as<std::string>(), p.mutable_style());
    proto::FromJson(row[6].as<std::string>(), p.mutable_body());
    proto::FromJson(row[7].as<std::string>(), p.mutable_privacy());
  }
  p.set_user_id(row[0].as<std::string>());
  p.set_email(row[1].is_null() ? "" : row[1].as<std::string>());
  p.set_username(row[2].as<std::string>());
  p.set_display_name(row[3].as<std::string>());
  p.set_role(row[4].as<std::string>() == "admin" ? v1::ROLE_ADMIN : v1::ROLE_USER);
  auto* f = p.mutable_fitness();
  if (!row[8].is_null()) f->set_age(row[8].as<int>());
  f->set_sex(static_cast<v1::Sex>(proto::EnumFromWord(v1::Sex_descriptor(), row[9].as<std::string>())));
  if (!row[10].is_null()) f->set_height_cm(row[10].as<double>());
  if (!row[11].is_null()) f->set_weight_kg(row[11].as<double>());
  f->set_fitness_goal(static_cast<v1::FitnessGoal>(
      proto::EnumFromWord(v1::FitnessGoal_descriptor(), row[12].as<std::string>())));
  for (const auto& d : nlohmann::json::parse(row[13].as<std::string>())) {
    const int value = proto::EnumFromWord(v1::DietaryPreference_descriptor(), d.get<std::string>());
    if (value != 0) f->add_dietary_preferences(static_cast<v1::DietaryPreference>(value));
  }
  for (const auto& a : nlohmann::json::parse(row[14].as<std::string>())) {
    f->add_allergies(a.get<std::string>());
  }
  f->set_activity_level(static_cast<v1::ActivityLevel>(
      proto::EnumFromWord(v1::ActivityLevel_descriptor(), row[15].as<std::string>())));
  proto::SetMicros(p.mutable_create_time(), row[16].as<std::int64_t>());
  proto::SetMicros(p.mutable_update_time(), row[17].as<std::int64_t>());
  p.set_etag(EtagOf(row[17].as<std::int64_t>()));
  return p;
}

}  // namespace stylist::user
