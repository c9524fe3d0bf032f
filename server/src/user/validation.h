#pragma once
// Input rules for accounts and profiles. Pure functions, unit-tested.

#include <google/protobuf/field_mask.pb.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/api_error.h"
#include "stylist/v1/user.pb.h"

namespace stylist::user {

// Lower-cased, surrounding spaces removed.
std::string NormalizeLogin(std::string_view text);

// Why the address is refused, or nullopt.
std::optional<std::string> CheckEmail(std::string_view email);
std::optional<std::string> CheckUsername(std::string_view username);
std::optional<std::string> CheckDisplayName(std::string_view name);

// Adds a violation per bad field of the profile's editable parts, with
// field paths such as "profile.fitness.age".
void CheckProfile(const v1::Profile& profile, Violations& violations);

// Paths a client may name in UpdateProfile's update_mask.
void CheckUpdateMask(const google::protobuf::FieldMask& mask, Violations& violations);

}  // namespace stylist::user
