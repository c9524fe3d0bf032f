// What the services' unit tests share: a signed-in caller, and the error a
// call throws.
#pragma once

#include <functional>
#include <string>

#include "auth/principal.h"
#include "common/api_error.h"

namespace stylist::testing {

inline CallContext As(const std::string& user_id, const std::string& session_id = "") {
  CallContext c;
  c.principal.kind = Principal::Kind::kUser;
  c.principal.user_id = user_id;
  c.principal.session_id = session_id;
  return c;
}

// The ApiError `fn` throws; OK when it throws none.
inline ApiError ErrorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    return e;
  }
  return ApiError(grpc::StatusCode::OK, "no error");
}

inline grpc::StatusCode CodeOf(const std::function<void()>& fn) { return ErrorOf(fn).code(); }

}  // namespace stylist::testing
