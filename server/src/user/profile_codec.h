#pragma once
// The profile columns of the users table as a proto (the column list of
// db/queries/user/get_profile.sql and friends).

#include <pqxx/pqxx>

#include "stylist/v1/user.pb.h"

namespace stylist::user {

v1::Profile ProfileFromRow(const pqxx::row& row);

}  // namespace stylist::user
