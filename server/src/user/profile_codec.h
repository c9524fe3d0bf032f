#pragma once
// Reads and writes the profile columns of the users table (the column list
// of db/queries/user/get_profile.sql and friends).

#include <pqxx/pqxx>

#include "stylist/v1/user.pb.h"

namespace stylist::user {

v1::Profile ProfileFromRow(const pqxx::row& row);

// Runs user/update_profile with every editable field of `profile` and
// returns the stored result.
v1::Profile WriteProfile(pqxx::work& tx, const std::string& user_id, const v1::Profile& profile);

}  // namespace stylist::user
