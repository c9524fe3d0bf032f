// Test fixture pieces for black-box tests: a throwaway database in the
// PostgreSQL cluster named by STYLIST_TEST_DATABASE_URL, a real
// `stylist-server` process on it, and a gRPC client for it.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stylist/v1/user.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {

// The STYLIST_JWT_SECRET of the test servers (keys derived from it, such as
// the outbox's, are computed from it by the tests too).
inline constexpr char kTestJwtSecret[] = "integration-test-secret-0123456789abcdef";
// The face-photo keys file DefaultServerEnv writes: one key, id "test-k1".
inline constexpr char kTestFacePhotoKeys[] = "test-k1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";

// A database of its own for one server, dropped again at the end.
class ScratchDatabase {
 public:
  ScratchDatabase();
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& url() const { return url_; }
  // Runs one SQL statement and returns the first column of the first row
  // ("" when there is none).
  std::string QueryValue(const std::string& sql) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// Environment for a server; the defaults make a usable configuration.
std::map<std::string, std::string> DefaultServerEnv(const std::string& database_url);

// A `stylist-server` child process. Start() returns once it answers RPCs;
// the destructor stops it with SIGTERM (SIGKILL if it will not go).
class ServerProcess {
 public:
  // Spawns the server and, unless wait_until_ready is false, waits for it.
  explicit ServerProcess(std::map<std::string, std::string> env, bool wait_until_ready = true);
  // Returns once the server answers RPCs; throws with its log if it died or
  // did not answer within 60 s.
  void WaitUntilReady();
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Sends SIGTERM and waits; returns the exit status (or -1 on a signal).
  int Stop();

  const std::string& address() const { return address_; }
  // The port of its Prometheus listener (its "metrics serving" log line).
  int metrics_port() const;
  std::shared_ptr<grpc::Channel> NewChannel() const;
  // What the server wrote to stdout/stderr so far (JSON log lines).
  std::string Log() const;
  // Where it stores photos (removed with the process object). Servers that
  // share a database in a test should be given the same folder.
  const std::string& storage_dir() const { return storage_dir_; }
  int pid() const { return pid_; }

 private:
  std::string storage_dir_;
  std::string address_;
  std::string log_path_;
  int pid_ = -1;
};

// Settings of the shared server that tests rely on.
inline constexpr char kBootstrapApiKey[] = "bootstrap-key-for-integration-tests-0123456789";
inline constexpr char kExternalProject[] = "https://auth.example.test";
inline constexpr char kExternalIssuer[] = "https://auth.example.test/auth/v1";
inline constexpr char kExternalAudience[] = "authenticated";
inline constexpr char kExternalSecret[] = "external-issuer-secret-0123456789abcdef";

// One database and server shared by the tests of this binary, started on
// first use (each start costs a cluster round of migrations; most tests
// need no server of their own). Tests that need other settings start their
// own ServerProcess.
struct SharedServer {
  ScratchDatabase db;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<v1::UserService::Stub> users;
};
SharedServer& Shared();

// Call context with a deadline and, when given, a bearer token.
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& access_token = "");
// A call context that sends a service API key.
std::unique_ptr<grpc::ClientContext> KeyCtx(const std::string& key);
// A new stored service API key with these scopes, made with the bootstrap key.
v1::CreateApiKeyResponse MintKey(v1::UserService::Stub& users, std::vector<v1::ApiKeyScope> scopes,
                                 std::optional<std::chrono::system_clock::time_point> expires = std::nullopt);

// A unique email for a test user.
std::string UniqueEmail(const std::string& hint);
// A username no other registration of this process (or a repeated run of
// the suite, --gtest_repeat) has used.
std::string UniqueUsername(const std::string& hint);

// Registers a new user with a strong password and returns the response.
v1::RegisterResponse RegisterUser(v1::UserService::Stub& stub, const std::string& hint,
                                  std::string* password_out = nullptr);

// GET of a URL without credentials (a presigned URL, /metrics): the
// status (0 when nothing answered) and the body.
std::pair<long, std::string> HttpGet(const std::string& url);

// Regular files under a folder, recursively (photo blobs in tests).
int CountFiles(const std::string& dir);

// Uploads bytes as an item's photo in chunks of `chunk` bytes; `declared`
// goes in the metadata.
grpc::Status Upload(v1::WardrobeService::Stub& stub, const std::string& token, const std::string& item_id,
                    const std::string& bytes, v1::UploadItemPhotoResponse* resp, std::size_t chunk = 32 * 1024,
                    std::int64_t declared = 0, bool skip_analysis = false);

// Bytes of a photo from the shared clothing data set (../shared/data), e.g.
// "train/t-shirt"; the n-th file of that folder. Throws when the data set
// is missing.
std::string DatasetPhoto(const std::string& folder, int n = 0);

// Formats a status for test failure messages.
std::string Describe(const grpc::Status& status);

// The field names of the BadRequest detail of a status.
std::vector<std::string> ViolatedFields(const grpc::Status& status);
// The google.rpc.RetryInfo delay of an error status, in seconds; -1 when
// it has none.
long long RetryDelaySeconds(const grpc::Status& status);

}  // namespace stylist::testing
