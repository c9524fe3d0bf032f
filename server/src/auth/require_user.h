#pragma once
// The one check that a call comes from a signed-in user: data that belongs
// to a user (plans, conversations, skin history) has no meaning for a
// service API key.

#include <string>

#include "auth/principal.h"
#include "common/api_error.h"

namespace stylist {

// `what` names the data, e.g. "conversations".
inline void RequireUser(const CallContext& call, const std::string& what) {
  if (call.principal.kind != Principal::Kind::kUser) {
    throw PermissionDenied(what + " belong to a signed-in user; a service key has none");
  }
}

}  // namespace stylist
