// What the services' unit tests share: a signed-in caller, the error a call
// throws, a blob store in memory, a clothing analyzer that answers as told,
// the user services' inert dependencies.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth_options.h"
#include "auth/principal.h"
#include "analysis/clothing_analyzer.h"
#include "common/api_error.h"
#include "fake_account_store.h"
#include "fake_admin_store.h"
#include "fake_credential_store.h"
#include "fake_profile_store.h"
#include "storage/blob_store.h"
#include "user/deps.h"

namespace stylist::testing {

inline CallContext As(const std::string& user_id, const std::string& session_id = "") {
  CallContext c;
  c.principal.kind = Principal::Kind::kUser;
  c.principal.user_id = user_id;
  c.principal.session_id = session_id;
  return c;
}

// The ApiError `fn` throws; OK when it throws none.
// A call made with a stored service API key of the given scopes.
inline CallContext AsKey(const std::string& api_key_id, std::vector<std::string> scopes = {"analysis"}) {
  CallContext c;
  c.principal.kind = Principal::Kind::kService;
  c.principal.api_key_id = api_key_id;
  c.principal.scopes = std::move(scopes);
  return c;
}

inline ApiError ErrorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    return e;
  }
  return ApiError(grpc::StatusCode::OK, "no error");
}

// The field the first violation of `e` names ("" when none).
inline std::string FieldOf(const ApiError& e) { return e.violations().empty() ? "" : e.violations()[0].field; }

inline grpc::StatusCode CodeOf(const std::function<void()>& fn) { return ErrorOf(fn).code(); }

// Signing settings for services that need a TokenIssuer or Authenticator.
inline AuthOptions TestAuth() {
  AuthOptions o;
  o.jwt_secret = "unit-test-secret-that-is-long-enough-for-hs256";
  return o;
}

// A blob store in memory that records what was deleted.
class RecordingBlobStore final : public storage::BlobStore {
 public:
  void Put(const std::string& key, const std::string& bytes) override { stored[key] = bytes; }
  std::optional<std::string> Get(const std::string& key) override {
    auto it = stored.find(key);
    if (it == stored.end()) return std::nullopt;
    return it->second;
  }
  void Delete(const std::string& key) override {
    stored.erase(key);
    deleted.push_back(key);
  }
  std::map<std::string, std::string> stored;  // what is there now, by key
  std::vector<std::string> deleted;
};

// Answers `result`, or throws AnalyzerError while `failing`; `during` runs
// inside every call (a test changes the world while a photo is analysed).
class ScriptedAnalyzer final : public analysis::ClothingAnalyzer {
 public:
  v1::ClothingAnalysis Analyze(const std::string& jpeg) override {
    ++calls;
    analysed.push_back(jpeg);
    if (during) during();
    if (failing) throw analysis::AnalyzerError("the model is away");
    return result;
  }
  v1::ClothingAnalysis result;
  bool failing = false;
  std::function<void()> during;
  int calls = 0;
  std::vector<std::string> analysed;  // the bytes of every call
};

// The user services' dependencies, inert where a unit test does not use
// them: the stores are in-memory fakes (empty until a test fills them), the
// authenticator's session cache is only told to forget, nothing is sent or
// stored elsewhere.
struct InertUserDeps {
  FakeAccountStore accounts;
  FakeProfileStore profiles;
  FakeAdminStore admin;
  FakeCredentialStore credentials;
  TokenIssuer issuer{TestAuth()};
  Authenticator authenticator{TestAuth(), credentials};
  RateLimiter limiter;
  LoginThrottle throttle{3, std::chrono::milliseconds(100), std::chrono::milliseconds(1000), std::chrono::seconds(900)};
  RecordingBlobStore blobs;

  user::Deps deps() { return user::Deps{accounts, profiles, admin, issuer, authenticator, limiter, throttle, {}, blobs}; }
};

}  // namespace stylist::testing
