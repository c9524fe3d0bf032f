// What the services' unit tests share: a signed-in caller, the error a call
// throws, a blob store that records deletions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "common/api_error.h"
#include "storage/blob_store.h"

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

// A blob store that holds nothing and records what was deleted.
class RecordingBlobStore final : public storage::BlobStore {
 public:
  void Put(const std::string&, const std::string&) override {}
  std::optional<std::string> Get(const std::string&) override { return std::nullopt; }
  void Delete(const std::string& key) override { deleted.push_back(key); }
  std::vector<std::string> deleted;
};

}  // namespace stylist::testing
