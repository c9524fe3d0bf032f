#include "server_process.h"

#include <curl/curl.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace stylist::testing {
namespace {

using namespace std::chrono_literals;

std::atomic<int> counter{0};

std::string AdminUrl() {
  const char* url = std::getenv("STYLIST_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "STYLIST_TEST_DATABASE_URL is not set: point it at a PostgreSQL cluster where the tests may "
        "create databases (tools/test.sh starts one), e.g. postgresql://postgres@127.0.0.1:55432/postgres");
  }
  return url;
}

// Replaces the database name at the end of a postgresql:// URL.
std::string WithDatabase(const std::string& url, const std::string& db) {
  const auto query = url.find('?');
  const std::string base = url.substr(0, query);
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  const auto slash = base.find('/', base.find("://") + 3);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + db + rest;
}

// The port a server reports in its log line `message` ("serving",
// "metrics serving"), or 0 before that.
int LoggedPort(const std::string& log, const std::string& message) {
  const std::regex logged("\"msg\":\"" + message + "\".*\"port\":(\\d+)");
  std::smatch m;
  for (std::size_t start = 0, end; (end = log.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = log.substr(start, end - start);
    if (std::regex_search(line, m, logged)) return std::stoi(m[1]);
  }
  return 0;
}

}  // namespace

ScratchDatabase::ScratchDatabase() : admin_url_(AdminUrl()) {
  name_ = "stylist_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  pqxx::connection c(admin_url_);
  pqxx::nontransaction tx(c);
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_));
  tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  url_ = WithDatabase(admin_url_, name_);
}

ScratchDatabase::~ScratchDatabase() {
  try {
    pqxx::connection c(admin_url_);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception&) {
    // Best effort: the cluster itself is throwaway.
  }
}

std::string ScratchDatabase::QueryValue(const std::string& sql) const {
  pqxx::connection c(url_);
  pqxx::nontransaction tx(c);
  auto r = tx.exec(sql);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

std::map<std::string, std::string> DefaultServerEnv(const std::string& database_url) {
  char storage[] = "/tmp/stylist-blobs-XXXXXX";
  if (::mkdtemp(storage) == nullptr) throw std::runtime_error("cannot create a storage folder");
  // Beside the blobs, not among them (the tests count the blobs' files).
  const std::string keys = std::string(storage) + ".keys";
  std::ofstream(keys) << kTestFacePhotoKeys;
  return {
      {"STYLIST_STORAGE_DIR", storage},
      {"STYLIST_FACE_PHOTO_KEYS_FILE", keys},
      {"STYLIST_CLOTHING_MODEL_DIR", STYLIST_SOURCE_DIR "/ml/models/clothing"},
      {"STYLIST_WORD_LIST_FILE", STYLIST_SOURCE_DIR "/server/wordlists/node_modules/naughty-words/en.json"},
      {"STYLIST_ANALYSIS_POLL_INTERVAL", "50ms"},
      // Style DNA refreshed soon after a change (the tests wait for it).
      {"STYLIST_STYLE_DNA_SETTLE", "200ms"},
      {"STYLIST_ANALYSIS_RETRY_DELAY", "100ms"},
      {"STYLIST_DATABASE_URL", database_url},
      {"STYLIST_JWT_SECRET", kTestJwtSecret},
      {"STYLIST_DB_POOL_SIZE", "4"},
      {"STYLIST_WORKER_THREADS", "4"},
      {"STYLIST_LOG_LEVEL", "info"},
      {"STYLIST_SHUTDOWN_GRACE", "5s"},
      // Generous limits; the rate-limit tests set their own.
      {"STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE", "10000"},
      {"STYLIST_RATE_LOGIN_FAILURES_PER_ACCOUNT", "10000"},
      {"STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR", "10000"},
      {"STYLIST_RATE_REGISTER_TAKEN_PER_ADDRESS_PER_HOUR", "10000"},
      {"STYLIST_RATE_RESET_PER_ADDRESS_PER_HOUR", "10000"},
      {"STYLIST_RATE_RESET_PER_ACCOUNT_PER_HOUR", "10000"},
      {"STYLIST_CHAT_TURNS_PER_MINUTE", "10000"},
      {"STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE", "10000"},
      {"STYLIST_AI_SUGGESTIONS_PER_MINUTE", "10000"},
      {"STYLIST_AI_PLANS_PER_MINUTE", "10000"},
      {"STYLIST_AI_PER_API_KEY_PER_MINUTE", "100000"},
  };
}

ServerProcess::ServerProcess(std::map<std::string, std::string> env, bool wait_until_ready) {
  // Port 0: the server picks a free one and logs it. (Choosing one here and
  // passing it on races with other servers starting at the same time.)
  env["STYLIST_LISTEN_ADDRESS"] = "127.0.0.1:0";
  env["STYLIST_METRICS_ADDRESS"] = "127.0.0.1:0";  // many servers run at once
  storage_dir_ = env["STYLIST_STORAGE_DIR"];
  char log_template[] = "/tmp/stylist-server-XXXXXX";
  const int log_fd = ::mkstemp(log_template);
  if (log_fd < 0) throw std::runtime_error("cannot create a server log file");
  log_path_ = log_template;

  std::vector<std::string> env_strings;
  if (const char* path = std::getenv("PATH")) env_strings.push_back(std::string("PATH=") + path);
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string binary = STYLIST_SERVER_BINARY;
  char* argv[] = {binary.data(), nullptr};

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Should the test binary die without stopping us, so do we. (Strictly:
    // when the thread that forked ends; so servers are spawned from the
    // test's main thread.)
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execve(binary.c_str(), argv, envp.data());
    ::_exit(127);
  }
  ::close(log_fd);
  if (wait_until_ready) WaitUntilReady();
}

void ServerProcess::WaitUntilReady() {
  // Ready when the server has logged its port (a channel made earlier would
  // sit in reconnect backoff for seconds) and then an RPC gets an answer
  // from the service (UNAUTHENTICATED here) rather than from the transport.
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  auto check_alive = [&] {
    int wstatus = 0;
    if (::waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("stylist-server exited during start; its log:\n" + Log());
    }
    if (std::chrono::steady_clock::now() > give_up) {
      Stop();
      throw std::runtime_error("stylist-server did not answer within 60 s; its log:\n" + Log());
    }
  };
  int port = 0;
  while ((port = LoggedPort(Log(), "serving")) == 0) {
    check_alive();
    std::this_thread::sleep_for(20ms);
  }
  address_ = "127.0.0.1:" + std::to_string(port);
  auto stub = v1::UserService::NewStub(NewChannel());
  while (true) {
    check_alive();
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 1s);
    v1::GetProfileResponse resp;
    const auto status = stub->GetProfile(&ctx, {}, &resp);
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) break;
    std::this_thread::sleep_for(50ms);
  }
}

ServerProcess::~ServerProcess() {
  Stop();
  ::unlink(log_path_.c_str());
  if (!storage_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(storage_dir_, ec);
  }
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int wstatus = 0;
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (::waitpid(pid_, &wstatus, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &wstatus, 0);
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  pid_ = -1;
  return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

std::shared_ptr<grpc::Channel> ServerProcess::NewChannel() const {
  // Quick reconnects: the server may still be starting.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
  return grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), args);
}

int ServerProcess::metrics_port() const { return LoggedPort(Log(), "metrics serving"); }

std::pair<long, std::string> HttpGet(const std::string& url) {
  CURL* curl = curl_easy_init();
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  });
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  return {status, body};
}

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SharedServer& Shared() {
  // Destroyed at exit, which stops the server. The server is started with
  // PR_SET_PDEATHSIG, which fires when the *thread* that forked it ends:
  // first used from a test's worker thread, the shared server was stopped
  // the moment that thread finished (found by running shuffled). So a
  // thread that lives as long as the process starts it.
  static std::unique_ptr<SharedServer> shared = [] {
    std::promise<std::unique_ptr<SharedServer>> started;
    auto result = started.get_future();
    std::thread([&started] {
      try {
        auto s = std::make_unique<SharedServer>();
        auto env = DefaultServerEnv(s->db.url());
        env["STYLIST_BOOTSTRAP_API_KEY"] = kBootstrapApiKey;
        env["STYLIST_SUPABASE_URL"] = kExternalProject;  // issuer kExternalIssuer
        env["STYLIST_SUPABASE_JWT_SECRET"] = kExternalSecret;
        s->server = std::make_unique<ServerProcess>(env);
        s->users = v1::UserService::NewStub(s->server->NewChannel());
        started.set_value(std::move(s));
      } catch (...) {
        started.set_exception(std::current_exception());
      }
      std::promise<void>().get_future().wait();  // forever: the server's parent thread
    }).detach();
    return result.get();
  }();
  return *shared;
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& access_token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + 20s);
  if (!access_token.empty()) ctx->AddMetadata("authorization", "Bearer " + access_token);
  return ctx;
}

std::unique_ptr<grpc::ClientContext> KeyCtx(const std::string& key) {
  auto ctx = Ctx();
  ctx->AddMetadata("x-api-key", key);
  return ctx;
}

v1::CreateApiKeyResponse MintKey(v1::UserService::Stub& users, std::vector<v1::ApiKeyScope> scopes,
                                 std::optional<std::chrono::system_clock::time_point> expires) {
  v1::CreateApiKeyRequest create;
  create.set_name("scoped");
  for (auto s : scopes) create.add_scopes(s);
  if (expires) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(expires->time_since_epoch()).count();
    create.mutable_expire_time()->set_seconds(micros / 1000000);
    create.mutable_expire_time()->set_nanos(static_cast<int>(micros % 1000000) * 1000);
  }
  v1::CreateApiKeyResponse created;
  const auto status = users.CreateApiKey(KeyCtx(kBootstrapApiKey).get(), create, &created);
  if (!status.ok()) throw std::runtime_error("CreateApiKey: " + Describe(status));
  return created;
}

std::string UniqueEmail(const std::string& hint) {
  return hint + "." + std::to_string(::getpid()) + "." + std::to_string(counter++) + "@example.com";
}

std::string UniqueUsername(const std::string& hint) {
  return hint + std::to_string(::getpid() % 10000) + "_" + std::to_string(counter++);
}

v1::RegisterResponse RegisterUser(v1::UserService::Stub& stub, const std::string& hint,
                                  std::string* password_out) {
  const std::string password = "Plaid-Coat-" + std::to_string(counter++) + "!";
  v1::RegisterRequest req;
  req.set_email(UniqueEmail(hint));
  req.set_password(password);
  req.set_username(UniqueUsername(hint));
  v1::RegisterResponse resp;
  auto ctx = Ctx();
  const auto status = stub.Register(ctx.get(), req, &resp);
  if (!status.ok()) throw std::runtime_error("Register failed: " + Describe(status));
  if (password_out) *password_out = password;
  return resp;
}

int CountFiles(const std::string& dir) {
  int n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) ++n;
  }
  return n;
}

grpc::Status Upload(v1::WardrobeService::Stub& stub, const std::string& token, const std::string& item_id,
                    const std::string& bytes, v1::UploadItemPhotoResponse* resp, std::size_t chunk,
                    std::int64_t declared, bool skip_analysis) {
  auto ctx = Ctx(token);
  auto writer = stub.UploadItemPhoto(ctx.get(), resp);
  v1::UploadItemPhotoRequest first;
  first.mutable_metadata()->set_item_id(item_id);
  first.mutable_metadata()->mutable_image()->set_file_name("photo.jpg");
  first.mutable_metadata()->mutable_image()->set_declared_size_bytes(declared);
  first.mutable_metadata()->set_skip_analysis(skip_analysis);
  if (writer->Write(first)) {
    for (std::size_t off = 0; off < bytes.size(); off += chunk) {
      v1::UploadItemPhotoRequest msg;
      msg.mutable_chunk()->set_data(bytes.substr(off, chunk));
      if (!writer->Write(msg)) break;  // the server already answered
    }
  }
  writer->WritesDone();
  return writer->Finish();
}

std::string DatasetPhoto(const std::string& folder, int n) {
  const char* env = std::getenv("STYLIST_TEST_DATA_DIR");
  const std::filesystem::path root = env && *env ? env : STYLIST_SOURCE_DIR "/../shared/data";
  const auto dir = root / "clothing" / folder;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) files.push_back(e.path());
  if (ec || files.empty()) {
    throw std::runtime_error("clothing photos not found in " + dir.string() +
                             ": the shared data set (../shared/data) must be beside the repository, "
                             "or STYLIST_TEST_DATA_DIR must point at it");
  }
  std::sort(files.begin(), files.end());
  std::ifstream in(files.at(static_cast<std::size_t>(n) % files.size()), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Describe(const grpc::Status& status) {
  return "code " + std::to_string(status.error_code()) + ": " + status.error_message();
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
  }
  return fields;
}

long long RetryDelaySeconds(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return -1;
  for (const auto& any : details.details()) {
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&retry)) return retry.retry_delay().seconds();
  }
  return -1;
}

}  // namespace stylist::testing
