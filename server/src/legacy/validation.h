// Field checks for legacy requests: pure functions that throw ApiError
// (INVALID_ARGUMENT) naming the field, before anything is read or written.
#pragma once

#include <string>

#include "stylist/v1/legacy.pb.h"

namespace stylist::legacy {

// A file name safe to show back as part of an image path: its last path
// part, characters other than letters, digits, '.', '-' and '_' replaced,
// at most 100 characters ("image" when nothing is left).
std::string CleanFileName(const std::string& name);

// The username (1 to 100 characters, no control characters) and the style
// preferences (at most 2,000 characters, no NUL), all bad fields at once.
void CheckCreateLegacyUser(const v1::CreateLegacyUserRequest& req);

}  // namespace stylist::legacy
