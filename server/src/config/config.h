#pragma once
// The one configuration loader: defaults, then STYLIST_* environment
// variables, then command-line flags (--listen-address=..., named after the
// variable). Secrets are read only from the environment (or a *_FILE
// variable naming a file). Bad or unknown settings fail at start with a
// message naming the setting.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/ai_quota.h"
#include "auth/auth_options.h"
#include "chat/chat_service.h"
#include "common/trusted_peers.h"
#include "db/pool.h"
#include "llm/llm_client.h"
#include "storage/blob_store.h"
#include "storage/sealed_blob_store.h"
#include "user/mail.h"
#include "stylist_ml/common.h"
#include "wardrobe/analysis_queue.h"
#include "wardrobe/item_import.h"

namespace stylist {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};


struct Config {
  // Loopback only: Debian's grpc++ 1.51 carries unfixed HTTP/2 flaws, so
  // only the edge (stylist-gateway) may reach this port, never clients.
  std::string listen_address = "127.0.0.1:50051";
  // Where /metrics (Prometheus) is served: an admin address, never the
  // public port; "off" serves none.
  std::string metrics_address = "127.0.0.1:9091";
  // The database: URL, connections, waits (db/pool.h).
  db::PoolOptions db;
  // As many workers as database connections: for database calls a worker
  // beyond that only waits for a connection, and on two cores the extra
  // threads' context switches cost ListItems a quarter of its p99
  // (bench/README.md). Workers also normalise photos, wait for inference on
  // uploads that are analysed before the answer, and hash passwords: a
  // deployment with many such calls at once may want more.
  int worker_threads = 8;
  int worker_queue = 1024;

  // Tokens, the external issuers and the bootstrap key (auth/auth_options.h).
  AuthOptions auth;
  // The settings auth.external_issuers is built from.
  std::string supabase_url;
  std::string supabase_jwt_secret;
  // The project's database webhook: items imported from its
  // clothing_items table (project_url and issuer derived from supabase_url).
  wardrobe::ItemImportOptions item_import;
  ExternalIssuer external_jwt;
  bool external_jwt_algorithm_set = false;

  std::string log_level = "info";
  std::chrono::milliseconds shutdown_grace{10000};
  int max_receive_message_bytes = 8 * 1024 * 1024;
  int max_send_message_bytes = 16 * 1024 * 1024;
  // The edge carries every client's calls on one connection (each client
  // is held to the edge's own per-connection limit), so this bounds the
  // streams of all clients together: idle chat streams included.
  int max_concurrent_streams = 10000;
  int max_metadata_bytes = 16 * 1024;
  // Every connection is closed (gracefully) after this long.
  std::chrono::seconds max_connection_age{2 * 3600};
  // Peers whose x-forwarded-for is believed: the edge. "unix" stands for
  // every peer on a Unix-socket listener (reaching it takes file access).
  TrustedPeers trusted_proxies = TrustedPeers::Parse({"127.0.0.1", "::1", "unix"});
  RateLimitConfig rate_limits;
  // Photos: where they are stored, and what an upload may be.
  std::string storage_dir = "data/blobs";
  // "local" (files under storage_dir) or "s3" (the s3_* settings).
  std::string storage_backend = "local";
  // How long a presigned photo URL lasts; zero: none are handed out.
  std::chrono::seconds photo_url_ttl{0};
  storage::S3Options s3;
  // The keys that encrypt kept face photos (storage::ParseBlobKeys; the
  // first seals); empty: no face photo is kept.
  std::vector<storage::BlobKey> face_photo_keys;
  // What an image may be (bytes, pixels, the memory one decode may hold,
  // the aspect ratio), and the memory all decodes in flight may hold
  // together (a decode that finds no room waits briefly, then answers
  // RESOURCE_EXHAUSTED).
  ml::ImageLimits images;
  std::int64_t decode_budget_bytes = 1LL << 30;
  // The legacy REST routes without credentials (private networks only).
  bool legacy_open_access = false;
  // The clothing model folder; "none" runs without analysis (every job
  // then fails with that reason).
  std::string clothing_model_dir = "ml/models/clothing";
  // The swap market's inappropriate-language list (swap/word_filter.h),
  // installed from npm by tools/install-deps.sh. Without it the swap
  // market refuses listings (UNAVAILABLE) rather than take them unchecked.
  std::string word_list_file = "server/wordlists/node_modules/naughty-words/en.json";
  // The OpenCV face detector for skin analysis; "none" turns skin analysis
  // off (AnalyzeSkin answers UNAVAILABLE).
  std::string face_detector = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
  // Inference threads (0: one per core), the largest batch they form from
  // concurrent requests (1: no batching), and how many requests may wait.
  ml::InferenceOptions inference;
  // The analysis queue's workers, attempts and waits.
  wardrobe::QueueOptions analysis_queue;
  // How long a changed wardrobe settles before its Style DNA refresh job
  // recomputes it (a burst of edits costs one computation).
  std::chrono::milliseconds style_dna_settle{30000};
  // Chat: an OpenAI-compatible provider (none: the built-in stylist answers
  // every turn), its limits and circuit breaker, and the chat turn pool.
  llm::LlmOptions llm = [] {
    llm::LlmOptions o;
    o.model = "gpt-4o-mini";
    return o;
  }();
  int llm_breaker_failures = 3;
  std::chrono::milliseconds llm_breaker_cooldown{30000};
  int chat_threads = 32;
  int chat_queue = 256;
  chat::ChatLimits chat_limits;
  // The mail relay and the outbox sender (user/mail.h).
  user::MailOptions mail;
  // Each caller's budgets of the AI routes (auth/ai_quota.h).
  AiLimits ai_limits;
  // Longest the model may take to write a plan's summary (the template is
  // used otherwise).
  std::chrono::milliseconds plan_summary_timeout{10000};
};

using Environment = std::map<std::string, std::string>;

// Reads the process environment into a map.
Environment ProcessEnvironment();

// Throws ConfigError naming the setting on any bad or missing value.
Config LoadConfig(const Environment& env, const std::vector<std::string>& args);

// The settings with their descriptions, for --help.
std::string ConfigHelp();

// Parsers, exposed for tests. Each throws ConfigError naming `setting`.
std::chrono::milliseconds ParseDuration(const std::string& setting, const std::string& text);
long long ParseInteger(const std::string& setting, const std::string& text, long long min,
                       long long max);
long long ParseByteSize(const std::string& setting, const std::string& text);

}  // namespace stylist
