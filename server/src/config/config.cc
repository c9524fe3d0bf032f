#include "config/config.h"

#include "auth/jwks.h"
#include "auth/jwt.h"

#include "common/text.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

extern char** environ;

namespace stylist {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Setting {
  std::string env;          // STYLIST_...
  std::string description;
  bool secret;              // environment only, never a flag
  std::function<void(Config&, const std::string&)> apply;
};

std::string FlagFor(const std::string& env) {
  std::string flag = "--";
  for (char c : env.substr(std::string("STYLIST_").size())) {
    flag.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return flag;
}

int Int(const std::string& s, const std::string& v, long long lo, long long hi) {
  return static_cast<int>(ParseInteger(s, v, lo, hi));
}

milliseconds Dur(const std::string& s, const std::string& v, milliseconds lo, milliseconds hi) {
  auto d = ParseDuration(s, v);
  if (d < lo || d > hi) {
    throw ConfigError(s + ": " + v + " is out of range [" + std::to_string(lo.count()) + "ms, " +
                      std::to_string(hi.count()) + "ms]");
  }
  return d;
}

std::string ReadSecretFile(const std::string& setting, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(setting + ": cannot read file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// The trusted external issuers, from the Supabase and the generic settings,
// into config.auth.external_issuers; each checked whole here, not at the
// first token.
void ExternalIssuers(Config& config) {
  auto& issuers = config.auth.external_issuers;
  issuers.clear();
  if (!config.auth.database_webhook_secret.empty() && config.supabase_url.empty()) {
    throw ConfigError("STYLIST_SUPABASE_WEBHOOK_SECRET: needs STYLIST_SUPABASE_URL and STYLIST_SUPABASE_JWT_SECRET");
  }
  if (!config.supabase_url.empty() || !config.supabase_jwt_secret.empty()) {
    if (config.supabase_url.empty()) throw ConfigError("STYLIST_SUPABASE_URL: required with STYLIST_SUPABASE_JWT_SECRET");
    if (config.supabase_jwt_secret.empty()) throw ConfigError("STYLIST_SUPABASE_JWT_SECRET: required with STYLIST_SUPABASE_URL");
    std::string url = config.supabase_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
      throw ConfigError("STYLIST_SUPABASE_URL: must be the project's URL, https://<ref>.supabase.co");
    }
    if (config.supabase_jwt_secret == config.auth.jwt_secret) {
      throw ConfigError("STYLIST_SUPABASE_JWT_SECRET: must differ from STYLIST_JWT_SECRET");
    }
    ExternalIssuer supabase;
    supabase.issuer = url + "/auth/v1";  // what Supabase Auth puts in iss
    config.item_import.project_url = url;
    config.item_import.issuer = supabase.issuer;
    supabase.audience = "authenticated";
    supabase.algorithm = "HS256";
    supabase.hs256_secret = config.supabase_jwt_secret;
    issuers.push_back(std::move(supabase));
  }
  ExternalIssuer e = config.external_jwt;
  const int keys = !e.hs256_secret.empty() + !e.public_key_pem.empty() + !e.jwks_url.empty() + !e.jwks_file.empty();
  if (e.issuer.empty()) {
    if (keys > 0) throw ConfigError("STYLIST_EXTERNAL_JWT_ISSUER: required when an external key is set");
  } else {
    if (keys != 1) {
      throw ConfigError(
          "STYLIST_EXTERNAL_JWT_ISSUER: needs exactly one of STYLIST_EXTERNAL_JWT_HS256_SECRET, "
          "STYLIST_EXTERNAL_JWT_PUBLIC_KEY_FILE, STYLIST_EXTERNAL_JWT_JWKS_URL or STYLIST_EXTERNAL_JWT_JWKS_FILE");
    }
    if (e.audience.empty()) throw ConfigError("STYLIST_EXTERNAL_JWT_AUDIENCE: required with STYLIST_EXTERNAL_JWT_ISSUER");
    if (!config.external_jwt_algorithm_set) {
      e.algorithm = !e.hs256_secret.empty() ? "HS256" : !e.public_key_pem.empty() ? "" : "RS256";
    }
    try {
      if (e.algorithm.empty()) e.algorithm = jwt::AlgorithmName(jwt::AlgorithmForPublicKey(e.public_key_pem));
      const auto algorithm = jwt::ParseAlgorithm(e.algorithm);
      if ((algorithm == jwt::Algorithm::kHs256) != !e.hs256_secret.empty()) {
        throw std::invalid_argument(e.algorithm + " does not go with the key given");
      }
      if (!e.public_key_pem.empty() && jwt::AlgorithmForPublicKey(e.public_key_pem) != algorithm) {
        throw std::invalid_argument("the public key is not for " + e.algorithm);
      }
    } catch (const std::invalid_argument& error) {
      throw ConfigError(std::string("STYLIST_EXTERNAL_JWT_ALGORITHM: ") + error.what());
    }
    if (!e.hs256_secret.empty() && e.hs256_secret == config.auth.jwt_secret) {
      throw ConfigError("STYLIST_EXTERNAL_JWT_HS256_SECRET: must differ from STYLIST_JWT_SECRET");
    }
    // Keys over plain HTTP could be swapped by anyone on the path: HTTPS,
    // except to this machine (a local test provider).
    const auto& url = e.jwks_url;
    if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://127.0.0.1", 0) != 0 &&
        url.rfind("http://localhost", 0) != 0 && url.rfind("http://[::1]", 0) != 0) {
      throw ConfigError("STYLIST_EXTERNAL_JWT_JWKS_URL: must be an https:// URL");
    }
    // A key set in a file is read now, so a wrong path or file stops the
    // start instead of every sign-in.
    if (!e.jwks_file.empty()) {
      try {
        if (auth::ParseJwks(ReadSecretFile("STYLIST_EXTERNAL_JWT_JWKS_FILE", e.jwks_file),
                            jwt::ParseAlgorithm(e.algorithm)).empty()) {
          throw std::invalid_argument("it holds no " + e.algorithm + " signing key with a kid");
        }
      } catch (const std::invalid_argument& error) {
        throw ConfigError(std::string("STYLIST_EXTERNAL_JWT_JWKS_FILE: ") + error.what());
      }
    }
    issuers.push_back(std::move(e));
  }
  for (std::size_t i = 0; i < issuers.size(); ++i) {
    if (issuers[i].issuer == config.auth.jwt_issuer) {
      throw ConfigError(i == 0 && !config.supabase_url.empty()
                            ? "STYLIST_SUPABASE_URL: its issuer must differ from STYLIST_JWT_ISSUER"
                            : "STYLIST_EXTERNAL_JWT_ISSUER: must differ from STYLIST_JWT_ISSUER");
    }
    if (i > 0 && issuers[i].issuer == issuers[0].issuer) {
      throw ConfigError("STYLIST_EXTERNAL_JWT_ISSUER: is the Supabase project's issuer; set one of the two");
    }
  }
}

const std::vector<Setting>& Settings() {
  using C = Config;
  using S = const std::string&;
  static const std::vector<Setting> settings = {
      {"STYLIST_METRICS_ADDRESS", "where Prometheus metrics are served (GET /metrics): an admin host:port, never the public one, or off (default 127.0.0.1:9091)", false,
       [](C& c, S v) {
         const auto colon = v.rfind(':');
         if (v != "off" && (colon == std::string::npos || colon + 1 == v.size() ||
                            v.find_first_not_of("0123456789", colon + 1) != std::string::npos)) {
           throw ConfigError("STYLIST_METRICS_ADDRESS: expected host:port or off, got '" + v + "'");
         }
         c.metrics_address = v;
       }},
      {"STYLIST_LISTEN_ADDRESS", "gRPC listen address host:port or unix:/path; private, only the edge may reach it (default 127.0.0.1:50051)", false,
       [](C& c, S v) {
         if (v.find(':') == std::string::npos)
           throw ConfigError("STYLIST_LISTEN_ADDRESS: expected host:port, got '" + v + "'");
         c.listen_address = v;
       }},
      {"STYLIST_DATABASE_URL", "PostgreSQL connection URI (required)", true,
       [](C& c, S v) { c.db.url = v; }},
      {"STYLIST_DB_POOL_SIZE", "database connections (default 8)", false,
       [](C& c, S v) { c.db.size = Int("STYLIST_DB_POOL_SIZE", v, 1, 512); }},
      {"STYLIST_DB_ACQUIRE_TIMEOUT", "wait for a free connection before UNAVAILABLE (default 2s)", false,
       [](C& c, S v) { c.db.acquire_timeout = Dur("STYLIST_DB_ACQUIRE_TIMEOUT", v, milliseconds(1), seconds(60)); }},
      {"STYLIST_DB_STATEMENT_TIMEOUT", "per-statement timeout (default 5s)", false,
       [](C& c, S v) { c.db.statement_timeout = Dur("STYLIST_DB_STATEMENT_TIMEOUT", v, milliseconds(10), seconds(600)); }},
      {"STYLIST_WORKER_THREADS", "threads for blocking work (default 16)", false,
       [](C& c, S v) { c.worker_threads = Int("STYLIST_WORKER_THREADS", v, 1, 1024); }},
      {"STYLIST_WORKER_QUEUE", "queued calls before RESOURCE_EXHAUSTED (default 1024)", false,
       [](C& c, S v) { c.worker_queue = Int("STYLIST_WORKER_QUEUE", v, 1, 1000000); }},
      {"STYLIST_JWT_SECRET", "HS256 key for access tokens, at least 32 bytes (required)", true,
       [](C& c, S v) {
         if (v.size() < 32) throw ConfigError("STYLIST_JWT_SECRET: must be at least 32 bytes");
         c.auth.jwt_secret = v;
       }},
      {"STYLIST_JWT_ISSUER", "iss of our access tokens (default stylist)", false,
       [](C& c, S v) { c.auth.jwt_issuer = v; }},
      {"STYLIST_JWT_AUDIENCE", "aud of our access tokens (default stylist)", false,
       [](C& c, S v) { c.auth.jwt_audience = v; }},
      {"STYLIST_ACCESS_TOKEN_TTL", "access token lifetime (default 15m)", false,
       [](C& c, S v) { c.auth.access_token_ttl = duration_cast<seconds>(Dur("STYLIST_ACCESS_TOKEN_TTL", v, seconds(1), seconds(24 * 3600))); }},
      {"STYLIST_REFRESH_TOKEN_TTL", "refresh token lifetime (default 30d)", false,
       [](C& c, S v) { c.auth.refresh_token_ttl = duration_cast<seconds>(Dur("STYLIST_REFRESH_TOKEN_TTL", v, seconds(60), seconds(365 * 24 * 3600))); }},
      {"STYLIST_RESET_TOKEN_TTL", "password reset token lifetime (default 30m)", false,
       [](C& c, S v) { c.auth.reset_token_ttl = duration_cast<seconds>(Dur("STYLIST_RESET_TOKEN_TTL", v, seconds(60), seconds(24 * 3600))); }},
      {"STYLIST_SUPABASE_URL",
       "a Supabase project whose Auth tokens sign users in (https://<ref>.supabase.co): iss <url>/auth/v1, aud "
       "authenticated, HS256 with STYLIST_SUPABASE_JWT_SECRET",
       false, [](C& c, S v) { c.supabase_url = v; }},
      {"STYLIST_SUPABASE_JWT_SECRET", "the Supabase project's JWT secret (Settings > API)", true,
       [](C& c, S v) {
         if (v.size() < 32) throw ConfigError("STYLIST_SUPABASE_JWT_SECRET: must be at least 32 bytes");
         c.supabase_jwt_secret = v;
       }},
      {"STYLIST_SUPABASE_WEBHOOK_SECRET",
       "shared secret of the project's database webhooks (POST /api/v1/webhooks/db, header X-Webhook-Secret; at "
       "least 32 bytes, e.g. openssl rand -hex 32): a new clothing_items row with an image is imported and "
       "analysed; unset: the webhook is off. Needs STYLIST_SUPABASE_URL",
       true,
       [](C& c, S v) {
         if (v.size() < 32) throw ConfigError("STYLIST_SUPABASE_WEBHOOK_SECRET: must be at least 32 bytes");
         c.auth.database_webhook_secret = v;
       }},
      {"STYLIST_SUPABASE_PHOTO_TIMEOUT", "longest fetch of an imported item's photo from the project's storage (default 30s, at most 2m: well within an analysis job's lease)", false,
       [](C& c, S v) { c.item_import.photo_timeout = Dur("STYLIST_SUPABASE_PHOTO_TIMEOUT", v, milliseconds(1000), std::chrono::minutes(2)); }},
      {"STYLIST_EXTERNAL_JWT_ISSUER",
       "another trusted identity provider (iss), e.g. https://securetoken.google.com/<project> for Firebase", false,
       [](C& c, S v) { c.external_jwt.issuer = v; }},
      {"STYLIST_EXTERNAL_JWT_AUDIENCE", "required aud of its tokens (Firebase: the project id)", false,
       [](C& c, S v) { c.external_jwt.audience = v; }},
      {"STYLIST_EXTERNAL_JWT_ALGORITHM",
       "its signing algorithm, pinned: RS256 (default with a key set), ES256 or HS256", false,
       [](C& c, S v) {
         c.external_jwt.algorithm = v;
         c.external_jwt_algorithm_set = true;
       }},
      {"STYLIST_EXTERNAL_JWT_HS256_SECRET", "its HS256 secret", true,
       [](C& c, S v) {
         if (v.size() < 32) throw ConfigError("STYLIST_EXTERNAL_JWT_HS256_SECRET: must be at least 32 bytes");
         c.external_jwt.hs256_secret = v;
       }},
      {"STYLIST_EXTERNAL_JWT_PUBLIC_KEY_FILE", "its one PEM public key (RS256/ES256)", false,
       [](C& c, S v) { c.external_jwt.public_key_pem = ReadSecretFile("STYLIST_EXTERNAL_JWT_PUBLIC_KEY_FILE", v); }},
      {"STYLIST_EXTERNAL_JWT_JWKS_URL",
       "its key set (JWKS) URL, fetched at first use, again for an unknown kid and hourly; Firebase: "
       "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com",
       false, [](C& c, S v) { c.external_jwt.jwks_url = v; }},
      {"STYLIST_EXTERNAL_JWT_JWKS_FILE", "its key set (JWKS) in a file, read again like the URL", false,
       [](C& c, S v) { c.external_jwt.jwks_file = v; }},
      {"STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH", "least time between two fetches of the key set (default 30s)", false,
       [](C& c, S v) { c.external_jwt.jwks_min_refresh = Dur("STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH", v, milliseconds(100), std::chrono::hours(1)); }},
      {"STYLIST_FACE_PHOTO_KEYS_FILE",
       "file of the keys that encrypt kept face photos, one '<id> <32 bytes base64>' a line, the first sealing new "
       "photos (openssl rand -base64 32); without it no face photo is kept",
       false,
       [](C& c, S v) {
         try {
           c.face_photo_keys = storage::ParseBlobKeys(ReadSecretFile("STYLIST_FACE_PHOTO_KEYS_FILE", v));
         } catch (const std::invalid_argument& e) {
           throw ConfigError(std::string("STYLIST_FACE_PHOTO_KEYS_FILE: ") + e.what());
         }
       }},
      {"STYLIST_BOOTSTRAP_API_KEY", "admin service key for first start, at least 32 characters", true,
       [](C& c, S v) {
         if (v.size() < 32) throw ConfigError("STYLIST_BOOTSTRAP_API_KEY: must be at least 32 characters");
         c.auth.bootstrap_api_key = v;
       }},
      {"STYLIST_LOG_LEVEL", "debug, info, warn or error (default info)", false,
       [](C& c, S v) {
         if (v != "debug" && v != "info" && v != "warn" && v != "error")
           throw ConfigError("STYLIST_LOG_LEVEL: expected debug, info, warn or error, got '" + v + "'");
         c.log_level = v;
       }},
      {"STYLIST_SHUTDOWN_GRACE", "time in-flight calls get to finish on SIGTERM (default 10s)", false,
       [](C& c, S v) { c.shutdown_grace = Dur("STYLIST_SHUTDOWN_GRACE", v, milliseconds(0), seconds(600)); }},
      {"STYLIST_MAX_RECEIVE_MESSAGE_SIZE", "largest request message (default 8MiB)", false,
       [](C& c, S v) {
         auto n = ParseByteSize("STYLIST_MAX_RECEIVE_MESSAGE_SIZE", v);
         if (n < 1024 || n > 64LL * 1024 * 1024) throw ConfigError("STYLIST_MAX_RECEIVE_MESSAGE_SIZE: must be between 1KiB and 64MiB");
         c.max_receive_message_bytes = static_cast<int>(n);
       }},
      {"STYLIST_MAX_CONCURRENT_STREAMS", "HTTP/2 streams per connection; the edge multiplexes all clients on one (default 10000)", false,
       [](C& c, S v) { c.max_concurrent_streams = Int("STYLIST_MAX_CONCURRENT_STREAMS", v, 1, 10000); }},
      {"STYLIST_MAX_METADATA_SIZE", "largest header block (default 16KiB)", false,
       [](C& c, S v) {
         auto n = ParseByteSize("STYLIST_MAX_METADATA_SIZE", v);
         if (n < 1024 || n > 1024 * 1024) throw ConfigError("STYLIST_MAX_METADATA_SIZE: must be between 1KiB and 1MiB");
         c.max_metadata_bytes = static_cast<int>(n);
       }},
      {"STYLIST_TRUSTED_PROXIES", "comma-separated peer IPs or CIDR prefixes of the edge (e.g. a cluster's pod range), whose x-forwarded-for names the client; unix for a Unix-socket listener (default 127.0.0.1,::1,unix)", false,
       [](C& c, S v) {
         try {
           c.trusted_proxies = TrustedPeers::Parse(text::SplitList(v));
         } catch (const std::invalid_argument& e) {
           throw ConfigError(std::string("STYLIST_TRUSTED_PROXIES: ") + e.what());
         }
       }},
      {"STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE", "login attempts per client address per minute (default 30)", false,
       [](C& c, S v) { c.rate_limits.login_per_address_per_minute = Int("STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE", v, 1, 1000000); }},
      {"STYLIST_RATE_LOGIN_FAILURES_PER_ACCOUNT", "failed logins per account (any identifier) in 15 minutes before each attempt waits 1 s, 2 s, 4 s... up to 1 min (default 10)", false,
       [](C& c, S v) { c.rate_limits.login_failures_per_account_per_15min = Int("STYLIST_RATE_LOGIN_FAILURES_PER_ACCOUNT", v, 1, 1000000); }},
      {"STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR", "registrations per client address per hour (default 30)", false,
       [](C& c, S v) { c.rate_limits.register_per_address_per_hour = Int("STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR", v, 1, 1000000); }},
      {"STYLIST_RATE_REGISTER_TAKEN_PER_ADDRESS_PER_HOUR", "registrations per client address per hour answered 'already taken' (default 5)", false,
       [](C& c, S v) { c.rate_limits.register_taken_per_address_per_hour = Int("STYLIST_RATE_REGISTER_TAKEN_PER_ADDRESS_PER_HOUR", v, 1, 1000000); }},
      {"STYLIST_RATE_RESET_PER_ADDRESS_PER_HOUR", "password reset requests per client address per hour (default 20)", false,
       [](C& c, S v) { c.rate_limits.reset_per_address_per_hour = Int("STYLIST_RATE_RESET_PER_ADDRESS_PER_HOUR", v, 1, 1000000); }},
      {"STYLIST_RATE_RESET_PER_ACCOUNT_PER_HOUR", "password reset requests per account per hour (default 5)", false,
       [](C& c, S v) { c.rate_limits.reset_per_account_per_hour = Int("STYLIST_RATE_RESET_PER_ACCOUNT_PER_HOUR", v, 1, 1000000); }},
      {"STYLIST_STORAGE_DIR", "folder for stored photos (default data/blobs)", false,
       [](C& c, S v) { c.storage_dir = v; }},
      {"STYLIST_STORAGE_BACKEND", "where photos are stored: local (STYLIST_STORAGE_DIR) or s3 (STYLIST_S3_*) (default local)", false,
       [](C& c, S v) {
         if (v != "local" && v != "s3") throw ConfigError("STYLIST_STORAGE_BACKEND: expected local or s3, got '" + v + "'");
         c.storage_backend = v;
       }},
      {"STYLIST_S3_ENDPOINT", "S3-compatible endpoint, e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000", false,
       [](C& c, S v) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
           throw ConfigError("STYLIST_S3_ENDPOINT: must start with http:// or https://");
         }
         c.s3.endpoint = v;
       }},
      {"STYLIST_S3_BUCKET", "bucket for photos", false, [](C& c, S v) { c.s3.bucket = v; }},
      {"STYLIST_S3_REGION", "region the requests are signed for (default us-east-1)", false,
       [](C& c, S v) { c.s3.credentials.region = v; }},
      {"STYLIST_S3_PREFIX", "put before every object key, e.g. stylist/ (default none)", false,
       [](C& c, S v) { c.s3.prefix = v; }},
      {"STYLIST_S3_ACCESS_KEY_ID", "access key id for the bucket", true, [](C& c, S v) { c.s3.credentials.access_key_id = v; }},
      {"STYLIST_S3_SECRET_ACCESS_KEY", "secret access key for the bucket", true,
       [](C& c, S v) { c.s3.credentials.secret_access_key = v; }},
      {"STYLIST_S3_VIRTUAL_HOSTED", "address objects as bucket.host/key instead of host/bucket/key: true or false (default false)", false,
       [](C& c, S v) {
         if (v != "true" && v != "false") throw ConfigError("STYLIST_S3_VIRTUAL_HOSTED: expected true or false, got '" + v + "'");
         c.s3.virtual_hosted = v == "true";
       }},
      {"STYLIST_S3_PUBLIC_ENDPOINT", "endpoint clients reach the bucket at, for presigned photo URLs (default STYLIST_S3_ENDPOINT)", false,
       [](C& c, S v) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
           throw ConfigError("STYLIST_S3_PUBLIC_ENDPOINT: must start with http:// or https://");
         }
         c.s3.public_endpoint = v;
       }},
      {"STYLIST_S3_PHOTO_URL_TTL", "how long a presigned photo URL lasts (GetItemPhotoUrl, the edge's photo redirects); 0 turns them off (default 0, at most 1h)", false,
       [](C& c, S v) {
         c.photo_url_ttl = duration_cast<seconds>(Dur("STYLIST_S3_PHOTO_URL_TTL", v, milliseconds(0), std::chrono::hours(1)));
       }},
      {"STYLIST_MAX_PHOTO_SIZE", "largest photo upload (default 15MiB)", false,
       [](C& c, S v) {
         auto n = ParseByteSize("STYLIST_MAX_PHOTO_SIZE", v);
         if (n < 1024 || n > 256LL * 1024 * 1024) throw ConfigError("STYLIST_MAX_PHOTO_SIZE: must be between 1KiB and 256MiB");
         c.images.max_bytes = n;
       }},
      {"STYLIST_MAX_PHOTO_PIXELS", "largest photo in pixels, against decompression bombs (default 40000000)", false,
       [](C& c, S v) { c.images.max_pixels = ParseInteger("STYLIST_MAX_PHOTO_PIXELS", v, 1, 200'000'000); }},
      {"STYLIST_MAX_DECODE_MEMORY", "memory one image decode may hold, judged from its header before decoding (default 256MiB)", false,
       [](C& c, S v) {
         auto n = ParseByteSize("STYLIST_MAX_DECODE_MEMORY", v);
         if (n < 1024 * 1024 || n > 16LL * 1024 * 1024 * 1024) throw ConfigError("STYLIST_MAX_DECODE_MEMORY: must be between 1MiB and 16GiB");
         c.images.max_decode_bytes = n;
       }},
      {"STYLIST_DECODE_MEMORY_BUDGET", "memory all image decodes in flight may hold together (default 1GiB, at least STYLIST_MAX_DECODE_MEMORY)", false,
       [](C& c, S v) {
         auto n = ParseByteSize("STYLIST_DECODE_MEMORY_BUDGET", v);
         if (n < 1024 * 1024 || n > 64LL * 1024 * 1024 * 1024) throw ConfigError("STYLIST_DECODE_MEMORY_BUDGET: must be between 1MiB and 64GiB");
         c.decode_budget_bytes = n;
       }},
      {"STYLIST_LEGACY_OPEN_ACCESS", "serve the legacy /api/ routes without credentials: true or false (default false; private networks only)", false,
       [](C& c, S v) {
         if (v != "true" && v != "false") throw ConfigError("STYLIST_LEGACY_OPEN_ACCESS: expected true or false, got '" + v + "'");
         c.legacy_open_access = v == "true";
       }},
      {"STYLIST_WORD_LIST_FILE",
       "the swap market's inappropriate-language list, a JSON array or one entry a line (default "
       "server/wordlists/node_modules/naughty-words/en.json, installed by tools/install-deps.sh)",
       false, [](C& c, S v) { c.word_list_file = v; }},
      {"STYLIST_CLOTHING_MODEL_DIR", "folder of the clothing model (manifest.json, clothing.pt), or none (default ml/models/clothing)", false,
       [](C& c, S v) { c.clothing_model_dir = v; }},
      {"STYLIST_FACE_DETECTOR", "OpenCV face cascade for skin analysis, or none (default Debian opencv-data's haarcascade_frontalface_default.xml)", false,
       [](C& c, S v) { c.face_detector = v; }},
      {"STYLIST_INFERENCE_THREADS", "threads running the clothing model (default 0: one per core)", false,
       [](C& c, S v) { c.inference.threads = Int("STYLIST_INFERENCE_THREADS", v, 0, 64); }},
      {"STYLIST_INFERENCE_MAX_BATCH", "largest batch formed from concurrent analyses (default 8; 1: no batching)", false,
       [](C& c, S v) { c.inference.max_batch = Int("STYLIST_INFERENCE_MAX_BATCH", v, 1, 64); }},
      {"STYLIST_INFERENCE_QUEUE", "analyses that may wait for the model before RESOURCE_EXHAUSTED (default 64)", false,
       [](C& c, S v) { c.inference.max_queue = Int("STYLIST_INFERENCE_QUEUE", v, 1, 4096); }},
      {"STYLIST_ANALYSIS_WORKERS", "threads running the job queue: photo analyses and imports, Style DNA refreshes (default 2; 0: this replica only queues)", false,
       [](C& c, S v) { c.analysis_queue.workers = Int("STYLIST_ANALYSIS_WORKERS", v, 0, 64); }},
      {"STYLIST_ANALYSIS_MAX_ATTEMPTS", "tries per analysis job before it is dead-lettered (default 5)", false,
       [](C& c, S v) { c.analysis_queue.max_attempts = Int("STYLIST_ANALYSIS_MAX_ATTEMPTS", v, 1, 100); }},
      {"STYLIST_ANALYSIS_RETRY_DELAY", "first retry delay of a failed analysis, doubling each time (default 10s)", false,
       [](C& c, S v) { c.analysis_queue.retry_delay = Dur("STYLIST_ANALYSIS_RETRY_DELAY", v, milliseconds(10), seconds(86400)); }},
      {"STYLIST_ANALYSIS_POLL_INTERVAL", "how often idle analysis workers look for jobs (default 1s)", false,
       [](C& c, S v) { c.analysis_queue.poll_interval = Dur("STYLIST_ANALYSIS_POLL_INTERVAL", v, milliseconds(10), seconds(60)); }},
      {"STYLIST_MAX_CONNECTION_AGE", "every connection is closed gracefully after this long, so an edge that finds replicas by DNS looks again (default 2h)", false,
       [](C& c, S v) {
         c.max_connection_age = std::chrono::duration_cast<seconds>(Dur("STYLIST_MAX_CONNECTION_AGE", v, seconds(60), seconds(86400)));
       }},
      {"STYLIST_ANALYSIS_LEASE", "how long a claimed analysis job stays its worker's; a job whose worker died is taken again after it (default 5m)", false,
       [](C& c, S v) { c.analysis_queue.lease = Dur("STYLIST_ANALYSIS_LEASE", v, seconds(1), seconds(3600)); }},
      {"STYLIST_STYLE_DNA_SETTLE",
       "how long a changed wardrobe waits before its Style DNA is recomputed in the background (default 30s, at most 5m)", false,
       [](C& c, S v) { c.style_dna_settle = Dur("STYLIST_STYLE_DNA_SETTLE", v, milliseconds(0), seconds(300)); }},
      {"STYLIST_LLM_BASE_URL", "OpenAI-compatible API base, e.g. https://api.openai.com/v1 or http://127.0.0.1:8080/v1 (default none: the built-in stylist answers)", false,
       [](C& c, S v) {
         if (!v.empty() && v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
           throw ConfigError("STYLIST_LLM_BASE_URL: must start with http:// or https://");
         }
         c.llm.base_url = v;
       }},
      {"STYLIST_SMTP_URL",
       "mail relay for password reset messages: smtp://host:587 (STARTTLS) or smtps://host:465 (default none: "
       "no mail is sent)",
       false,
       [](C& c, S v) {
         if (!v.empty() && v.rfind("smtp://", 0) != 0 && v.rfind("smtps://", 0) != 0) {
           throw ConfigError("STYLIST_SMTP_URL: must start with smtp:// or smtps://");
         }
         c.mail.url = v;
       }},
      {"STYLIST_SMTP_USERNAME", "user name at the mail relay (optional)", false,
       [](C& c, S v) { c.mail.username = v; }},
      {"STYLIST_SMTP_PASSWORD", "password at the mail relay", true, [](C& c, S v) { c.mail.password = v; }},
      {"STYLIST_SMTP_FROM", "sender of the messages, e.g. \"Stylist <no-reply@example.com>\" (required with a relay)",
       false,
       [](C& c, S v) {
         if (std::any_of(v.begin(), v.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; }) ||
             v.find('@') == std::string::npos) {
           throw ConfigError("STYLIST_SMTP_FROM: expected an address such as no-reply@example.com");
         }
         c.mail.from = v;
       }},
      {"STYLIST_SMTP_TLS",
       "starttls (default: the relay must offer it), tls (with smtps://) or none (a relay on a private network only)",
       false,
       [](C& c, S v) {
         if (v != "starttls" && v != "tls" && v != "none") {
           throw ConfigError("STYLIST_SMTP_TLS: expected starttls, tls or none, got '" + v + "'");
         }
         c.mail.tls = v;
       }},
      {"STYLIST_SMTP_CA_FILE", "PEM file of the certificate authorities to check the relay's certificate against (default the system's)",
       false,
       [](C& c, S v) {
         if (!std::ifstream(v)) throw ConfigError("STYLIST_SMTP_CA_FILE: cannot read " + v);
         c.mail.ca_file = v;
       }},
      {"STYLIST_RESET_LINK_BASE",
       "prefix of the link in reset messages, the code appended, e.g. https://app.example.com/reset?token= (default "
       "none: the message has the code only)",
       false,
       [](C& c, S v) {
         if (!v.empty() && v.rfind("https://", 0) != 0 && v.rfind("http://", 0) != 0) {
           throw ConfigError("STYLIST_RESET_LINK_BASE: must start with https:// or http://");
         }
         c.mail.reset_link_base = v;
       }},
      {"STYLIST_OUTBOX_POLL_INTERVAL", "how often the mail sender looks for messages to send (default 2s)", false,
       [](C& c, S v) { c.mail.poll_interval = Dur("STYLIST_OUTBOX_POLL_INTERVAL", v, milliseconds(10), seconds(600)); }},
      {"STYLIST_OUTBOX_FIRST_RETRY", "wait after a failed send, doubling after each further one up to 1h (default 30s)",
       false,
       [](C& c, S v) { c.mail.first_retry = Dur("STYLIST_OUTBOX_FIRST_RETRY", v, seconds(1), seconds(3600)); }},
      {"STYLIST_OUTBOX_MAX_ATTEMPTS", "attempts before a message is dead-lettered (default 8)", false,
       [](C& c, S v) { c.mail.max_attempts = Int("STYLIST_OUTBOX_MAX_ATTEMPTS", v, 1, 100); }},
      {"STYLIST_LLM_MODEL", "model name sent to the provider (default gpt-4o-mini)", false,
       [](C& c, S v) { c.llm.model = v; }},
      {"STYLIST_LLM_API_KEY", "API key for the provider (optional; local servers need none)", true,
       [](C& c, S v) { c.llm.api_key = v; }},
      {"STYLIST_LLM_CONNECT_TIMEOUT", "time to connect to the provider (default 2s)", false,
       [](C& c, S v) { c.llm.connect_timeout = Dur("STYLIST_LLM_CONNECT_TIMEOUT", v, milliseconds(10), seconds(60)); }},
      {"STYLIST_LLM_FIRST_TOKEN_TIMEOUT", "time to the first token before falling back to the built-in stylist (default 10s)", false,
       [](C& c, S v) { c.llm.first_token_timeout = Dur("STYLIST_LLM_FIRST_TOKEN_TIMEOUT", v, milliseconds(10), seconds(300)); }},
      {"STYLIST_LLM_TOTAL_TIMEOUT", "longest a whole answer may take (default 60s)", false,
       [](C& c, S v) { c.llm.total_timeout = Dur("STYLIST_LLM_TOTAL_TIMEOUT", v, milliseconds(100), seconds(600)); }},
      {"STYLIST_LLM_RETRIES", "further attempts when the provider fails before the first token (default 1)", false,
       [](C& c, S v) { c.llm.retries = Int("STYLIST_LLM_RETRIES", v, 0, 5); }},
      {"STYLIST_LLM_MAX_TOKENS", "longest answer asked of the model, in tokens (default 600)", false,
       [](C& c, S v) { c.llm.max_tokens = Int("STYLIST_LLM_MAX_TOKENS", v, 16, 8192); }},
      {"STYLIST_LLM_BREAKER_FAILURES", "failures in a row that pause the provider (default 3)", false,
       [](C& c, S v) { c.llm_breaker_failures = Int("STYLIST_LLM_BREAKER_FAILURES", v, 1, 100); }},
      {"STYLIST_LLM_BREAKER_COOLDOWN", "how long the provider stays paused before a trial call (default 30s)", false,
       [](C& c, S v) { c.llm_breaker_cooldown = Dur("STYLIST_LLM_BREAKER_COOLDOWN", v, milliseconds(10), seconds(3600)); }},
      {"STYLIST_CHAT_THREADS", "threads producing chat answers at once (default 32)", false,
       [](C& c, S v) { c.chat_threads = Int("STYLIST_CHAT_THREADS", v, 1, 1024); }},
      {"STYLIST_CHAT_QUEUE", "chat turns that may wait for a thread before RESOURCE_EXHAUSTED (default 256)", false,
       [](C& c, S v) { c.chat_queue = Int("STYLIST_CHAT_QUEUE", v, 1, 100000); }},
      {"STYLIST_CHAT_HISTORY_TOKENS", "budget of recent turns given to the model, in estimated tokens (default 2000)", false,
       [](C& c, S v) { c.chat_limits.history_tokens = Int("STYLIST_CHAT_HISTORY_TOKENS", v, 0, 100000); }},
      {"STYLIST_CHAT_TURNS_PER_MINUTE", "messages a user may send a minute (default 20)", false,
       [](C& c, S v) { c.ai_limits.chat_turns_per_minute = Int("STYLIST_CHAT_TURNS_PER_MINUTE", v, 1, 100000); }},
      {"STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE", "clothing and skin analyses a user may ask for a minute (default 10)",
       false,
       [](C& c, S v) {
         c.ai_limits.photo_analyses_per_minute = Int("STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE", v, 1, 100000);
       }},
      {"STYLIST_AI_SUGGESTIONS_PER_MINUTE", "outfit suggestions a user may ask for a minute (default 30)", false,
       [](C& c, S v) { c.ai_limits.suggestions_per_minute = Int("STYLIST_AI_SUGGESTIONS_PER_MINUTE", v, 1, 100000); }},
      {"STYLIST_AI_PLANS_PER_MINUTE", "plans a user may generate a minute (default 5)", false,
       [](C& c, S v) { c.ai_limits.plans_per_minute = Int("STYLIST_AI_PLANS_PER_MINUTE", v, 1, 100000); }},
      {"STYLIST_AI_PER_API_KEY_PER_MINUTE",
       "AI calls (analyses, suggestions, chat turns, plans) one service API key may make a minute, for all the users "
       "it acts for (default 300)",
       false,
       [](C& c, S v) { c.ai_limits.per_api_key_per_minute = Int("STYLIST_AI_PER_API_KEY_PER_MINUTE", v, 1, 1000000); }},
      {"STYLIST_PLAN_SUMMARY_TIMEOUT", "longest the model may take to write a plan's summary before the template is used (default 10s)", false,
       [](C& c, S v) { c.plan_summary_timeout = Dur("STYLIST_PLAN_SUMMARY_TIMEOUT", v, milliseconds(100), seconds(120)); }},
  };
  return settings;
}

const Setting* FindByEnv(const std::string& name) {
  for (const auto& s : Settings()) {
    if (s.env == name) return &s;
  }
  return nullptr;
}

// Variables with these prefixes belong to other programs sharing the
// environment (the gateway, the test harness).
bool BelongsToOthers(const std::string& name) {
  for (const char* p : {"STYLIST_GATEWAY_", "STYLIST_TEST_", "STYLIST_BENCH_"}) {
    if (name.rfind(p, 0) == 0) return true;
  }
  return false;
}

}  // namespace

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

Config LoadConfig(const Environment& env, const std::vector<std::string>& args) {
  Config config;
  for (const auto& [name, value] : env) {
    if (name.rfind("STYLIST_", 0) != 0 || BelongsToOthers(name)) continue;
    // An empty variable counts as unset (compose files and .env templates
    // write `NAME=` for "not set").
    if (value.empty()) continue;
    std::string key = name;
    std::string v = value;
    if (key.size() > 5 && key.substr(key.size() - 5) == "_FILE" && !FindByEnv(key)) {
      key = key.substr(0, key.size() - 5);
      const Setting* s = FindByEnv(key);
      if (!s || !s->secret) throw ConfigError(name + ": unknown setting");
      if (env.count(key)) throw ConfigError(name + ": set either " + key + " or " + name + ", not both");
      v = ReadSecretFile(name, value);
    }
    const Setting* s = FindByEnv(key);
    if (!s) throw ConfigError(name + ": unknown setting (see --help)");
    s->apply(config, v);
  }
  for (const auto& arg : args) {
    auto eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) {
      throw ConfigError(arg + ": expected --name=value (see --help)");
    }
    std::string flag = arg.substr(0, eq);
    const Setting* found = nullptr;
    for (const auto& s : Settings()) {
      if (FlagFor(s.env) == flag) found = &s;
    }
    if (!found) throw ConfigError(flag + ": unknown flag (see --help)");
    if (found->secret) {
      throw ConfigError(flag + ": secrets are read from the environment only (" + found->env + ")");
    }
    found->apply(config, arg.substr(eq + 1));
  }
  if (config.db.url.empty()) throw ConfigError("STYLIST_DATABASE_URL: required");
  if (config.auth.jwt_secret.empty()) throw ConfigError("STYLIST_JWT_SECRET: required (at least 32 bytes)");
  if (config.storage_backend == "s3") {
    for (const auto& [value, name] : {std::pair{&config.s3.endpoint, "STYLIST_S3_ENDPOINT"},
                                      std::pair{&config.s3.bucket, "STYLIST_S3_BUCKET"},
                                      std::pair{&config.s3.credentials.access_key_id, "STYLIST_S3_ACCESS_KEY_ID"},
                                      std::pair{&config.s3.credentials.secret_access_key, "STYLIST_S3_SECRET_ACCESS_KEY"}}) {
      if (value->empty()) throw ConfigError(std::string(name) + ": required with STYLIST_STORAGE_BACKEND=s3");
    }
  } else if (config.photo_url_ttl.count() > 0) {
    throw ConfigError("STYLIST_S3_PHOTO_URL_TTL: presigned photo URLs need STYLIST_STORAGE_BACKEND=s3");
  }
  ExternalIssuers(config);
  if (!config.mail.url.empty()) {
    if (config.mail.from.empty()) throw ConfigError("STYLIST_SMTP_FROM: required with STYLIST_SMTP_URL");
    const bool smtps = config.mail.url.rfind("smtps://", 0) == 0;
    if (smtps && config.mail.tls == "starttls") config.mail.tls = "tls";
    if (!smtps && config.mail.tls == "tls") {
      throw ConfigError("STYLIST_SMTP_TLS: tls needs an smtps:// URL; smtp:// relays use starttls");
    }
  }
  if (config.decode_budget_bytes < config.images.max_decode_bytes) {
    throw ConfigError("STYLIST_DECODE_MEMORY_BUDGET: must be at least STYLIST_MAX_DECODE_MEMORY");
  }
  return config;
}

std::string ConfigHelp() {
  std::string out = "Settings (environment variable / flag):\n";
  for (const auto& s : Settings()) {
    out += "  " + s.env + (s.secret ? " (environment or " + s.env + "_FILE only)" : " / " + FlagFor(s.env) + "=") +
           "\n      " + s.description + "\n";
  }
  return out;
}

std::chrono::milliseconds ParseDuration(const std::string& setting, const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 12) {
    throw ConfigError(setting + ": expected a duration such as 500ms, 10s, 15m, 2h or 30d, got '" + text + "'");
  }
  long long n = std::stoll(text.substr(0, i));
  const std::string unit = text.substr(i);
  long long ms;
  if (unit == "ms") ms = n;
  else if (unit == "s") ms = n * 1000;
  else if (unit == "m") ms = n * 60 * 1000;
  else if (unit == "h") ms = n * 3600 * 1000;
  else if (unit == "d") ms = n * 24 * 3600 * 1000;
  else throw ConfigError(setting + ": unknown duration unit in '" + text + "' (use ms, s, m, h or d)");
  return std::chrono::milliseconds(ms);
}

long long ParseInteger(const std::string& setting, const std::string& text, long long min,
                       long long max) {
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    throw ConfigError(setting + ": expected an integer, got '" + text + "'");
  }
  if (value < min || value > max) {
    throw ConfigError(setting + ": " + text + " is out of range [" + std::to_string(min) + ", " +
                      std::to_string(max) + "]");
  }
  return value;
}

long long ParseByteSize(const std::string& setting, const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 12) throw ConfigError(setting + ": expected a size such as 4096, 64KiB or 8MiB, got '" + text + "'");
  long long n = std::stoll(text.substr(0, i));
  const std::string unit = text.substr(i);
  if (unit.empty() || unit == "B") return n;
  if (unit == "KiB") return n * 1024;
  if (unit == "MiB") return n * 1024 * 1024;
  if (unit == "GiB") return n * 1024 * 1024 * 1024;
  throw ConfigError(setting + ": unknown size unit in '" + text + "' (use B, KiB, MiB or GiB)");
}

}  // namespace stylist
