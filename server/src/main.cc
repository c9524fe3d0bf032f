// stylist-server: the one binary serving all five services.

#include <absl/synchronization/mutex.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <malloc.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "auth/authenticator.h"
#include "auth/credential_store.h"
#include "common/crypto.h"
#include "common/page_token.h"
#include "auth/login_throttle.h"
#include "auth/rate_limiter.h"
#include "auth/token_issuer.h"
#include "common/logging.h"
#include "common/worker_pool.h"
#include "config/config.h"
#include "db/migrate.h"
#include "db/pool.h"
#include "rpc/analysis_grpc.h"
#include "rpc/chat_grpc.h"
#include "rpc/plan_grpc.h"
#include "rpc/swap_grpc.h"
#include "rpc/webhook_grpc.h"
#include "rpc/health_descriptor.h"
#include "rpc/legacy_grpc.h"
#include "rpc/user_grpc.h"
#include "rpc/wardrobe_grpc.h"
#include "server_builder.h"
#include "stylist/v1/chat.grpc.pb.h"
#include "stylist/v1/plan.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"
#include "user/notifier.h"
#include "metrics/metrics.h"
#include "user/outbox_sender.h"
#include "user/outbox_store.h"
#include "user/account_store.h"
#include "user/profile_store.h"
#include "user/admin_store.h"
#include "plan/deps.h"
#include "plan/plan_store.h"
#include "plan/plan_summary.h"
#include "chat/chat_store.h"
#include "chat/deps.h"
#include "analysis/deps.h"
#include "analysis/skin_store.h"
#include "analysis/clothing_analyzer.h"
#include "analysis/model_analyzer.h"
#include "stylist_ml/image.h"
#include "stylist_ml/skin_analyzer.h"
#include "storage/blob_store.h"
#include "wardrobe/analysis_job_store.h"
#include "wardrobe/analysis_queue.h"
#include "wardrobe/copy_backfill.h"
#include "wardrobe/copy_backfill_store.h"
#include "wardrobe/photo_service.h"
#include "wardrobe/photo_store.h"
#include "wardrobe/wardrobe_store.h"

namespace {

using namespace stylist;

// The database may still be starting (compose, CI); wait a bounded time.
void MigrateWithRetry(const std::string& url) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    try {
      db::Migrate(url);
      return;
    } catch (const pqxx::broken_connection& e) {
      if (std::chrono::steady_clock::now() > give_up) throw;
      log::Warn("database not reachable yet, retrying", {{"error", e.what()}});
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

// Where photos are kept: S3 when configured, else a local folder.
std::unique_ptr<storage::BlobStore> OpenBlobStore(const Config& config) {
  if (config.storage_backend != "s3") return storage::NewLocalBlobStore(config.storage_dir);
  try {
    return storage::NewS3BlobStore(config.s3);
  } catch (const std::exception& e) {
    throw ConfigError(std::string("STYLIST_S3_BUCKET: ") + e.what());
  }
}

// The models load before the server listens: a broken one stops the start,
// naming its setting.
std::unique_ptr<analysis::ClothingAnalyzer> LoadClothingAnalyzer(const Config& config) {
  if (config.clothing_model_dir == "none") return analysis::NewUnavailableAnalyzer();
  try {
    ml::InferenceOptions inference = config.inference;
    inference.on_batch = [](int batch_size, std::chrono::steady_clock::duration took) {
      metrics::ObserveInferenceBatch("clothing", batch_size, took);
    };
    return analysis::NewModelAnalyzer(config.clothing_model_dir, inference, config.images);
  } catch (const std::exception& e) {
    throw ConfigError(std::string("STYLIST_CLOTHING_MODEL_DIR: ") + e.what());
  }
}

// Null when the face detector is turned off (skin analysis is UNAVAILABLE).
std::unique_ptr<ml::SkinAnalyzer> LoadSkinAnalyzer(const Config& config) {
  if (config.face_detector == "none") return nullptr;
  try {
    return ml::SkinAnalyzer::Load(config.face_detector);
  } catch (const std::exception& e) {
    throw ConfigError(std::string("STYLIST_FACE_DETECTOR: ") + e.what());
  }
}

int Run(const Config& config, bool migrate_only) {
  crypto::Init();
  // Page tokens are signed with a key every replica derives from the same
  // secret, so a token one replica issued is good on another.
  SetPageTokenKey(crypto::HmacSha256(config.auth.jwt_secret, "stylist page tokens v1"));
  MigrateWithRetry(config.db.url);
  if (migrate_only) {
    log::Info("migrations applied; exiting (--migrate)");
    return 0;
  }

  db::Pool pool(config.db);
  WorkerPool workers("rpc", static_cast<std::size_t>(config.worker_threads),
                     static_cast<std::size_t>(config.worker_queue));
  WorkerPool chat_turns("chat", static_cast<std::size_t>(config.chat_threads),
                        static_cast<std::size_t>(config.chat_queue));
  const std::unique_ptr<storage::BlobStore> blobs = OpenBlobStore(config);
  const ml::ImageLimits& image_limits = config.images;
  ml::SetDecodeMemoryBudget(config.decode_budget_bytes, std::chrono::seconds(2));
  const std::unique_ptr<analysis::ClothingAnalyzer> analyzer = LoadClothingAnalyzer(config);
  const std::unique_ptr<ml::SkinAnalyzer> skin_analyzer = LoadSkinAnalyzer(config);
  std::unique_ptr<llm::LlmClient> llm;
  std::unique_ptr<llm::LlmClient> summary_llm;
  if (!config.llm.base_url.empty()) {
    llm = std::make_unique<llm::LlmClient>(config.llm);
    summary_llm = std::make_unique<llm::LlmClient>(plan::SummaryLlmOptions(config.llm, config.plan_summary_timeout));
  }

  // The stores: one per domain, over the pool; the only code that runs SQL.
  // The credential store comes first: every call's credentials are checked
  // against it.
  auth::PgCredentialStore credential_store(pool);
  user::OutboxNotifier notifier(user::OutboxKey(config.auth.jwt_secret));
  user::PgAccountStore account_store(pool, notifier);
  user::PgProfileStore profile_store(pool);
  user::PgAdminStore admin_store(pool);
  // The outbox's sender: the mail relay delivers what the notifier queued.
  user::PgOutboxStore outbox_store(pool);
  std::unique_ptr<user::MailSender> mail_sender;
  std::unique_ptr<user::OutboxSender> outbox_sender;
  if (!config.mail.url.empty()) {
    mail_sender = user::NewSmtpSender(config.mail);
    outbox_sender = std::make_unique<user::OutboxSender>(outbox_store, *mail_sender,
                                                         user::OutboxKey(config.auth.jwt_secret), config.mail);
  } else {
    log::Warn("password reset messages will not be sent: STYLIST_SMTP_URL is not set (they wait in the outbox)");
  }
  wardrobe::PgWardrobeStore wardrobe_store(pool);
  wardrobe::PgPhotoStore photo_store(pool);
  wardrobe::PgAnalysisJobStore analysis_job_store(pool);
  wardrobe::PgCopyBackfillStore copy_backfill_store(pool);
  analysis::PgSkinStore skin_store(pool);
  chat::PgChatStore chat_store(pool);
  plan::PgPlanStore plan_store(pool);
  legacy::PgLegacyStore legacy_store(pool);

  // What the services share besides their stores.
  Authenticator authenticator(config.auth, credential_store);
  TokenIssuer issuer(config.auth);
  RateLimiter limiter;
  // The first STYLIST_RATE_LOGIN_FAILURES_PER_ACCOUNT failures in 15 minutes
  // are free; then each attempt waits 1 s, 2 s, 4 s ... at most a minute.
  LoginThrottle login_throttle(config.rate_limits.login_failures_per_account_per_15min, std::chrono::seconds(1),
                               std::chrono::minutes(1), std::chrono::minutes(15));
  chat::Responder responder(std::move(llm), config.llm_breaker_failures, config.llm_breaker_cooldown);

  // Each domain's Deps: its stores and shared collaborators.
  const user::Deps user_deps{account_store, profile_store, admin_store, issuer, authenticator,
                             limiter,       login_throttle, config.rate_limits, *blobs};
  AiQuota ai_quota(config.ai_limits);
  const wardrobe::Deps wardrobe_deps{*blobs, wardrobe_store, photo_store, ai_quota};
  // Face photos are sealed before they reach the blob store.
  const std::unique_ptr<storage::BlobStore> face_photos =
      config.face_photo_keys.empty() ? nullptr : storage::NewSealedBlobStore(*blobs, config.face_photo_keys);
  if (!face_photos) log::Warn("face photos will not be kept: STYLIST_FACE_PHOTO_KEYS_FILE is not set");
  const analysis::Deps analysis_deps{*blobs, skin_store, photo_store, ai_quota, face_photos.get()};
  const chat::Deps chat_deps{chat_store, responder, ai_quota};
  const plan::Deps plan_deps{plan_store, profile_store, ai_quota, summary_llm.get()};

  // The services (rules only), and their background work.
  wardrobe::AnalysisQueue analysis_queue(analysis_job_store, *blobs, *analyzer, config.analysis_queue);
  wardrobe::CopyBackfill copy_backfill(copy_backfill_store);
  user::AccountService accounts(user_deps);
  user::ProfileService profiles(user_deps);
  user::AdminService admin(user_deps);
  wardrobe::PhotoService photos(wardrobe_deps, analysis_queue, *analyzer, image_limits, config.photo_url_ttl);
  wardrobe::ItemService items(wardrobe_deps);
  wardrobe::OutfitService outfits(wardrobe_deps);
  wardrobe::SyncService changes(wardrobe_deps);
  // Items the Supabase project's database webhook imports: their photos are
  // fetched by the analysis queue's workers.
  wardrobe::PgItemImportStore item_import_store(pool);
  wardrobe::ItemImportService item_imports(
      config.item_import, item_import_store, ai_quota, analysis_queue,
      [&authenticator](const std::string& project_issuer, const std::string& subject) {
        return authenticator.ExternalAccount(project_issuer, subject);
      });
  analysis_queue.SetPhotoImporter(
      [&item_imports, &photos](const wardrobe::AnalysisJobStore::Job& job) { item_imports.ImportPhoto(photos, job); });
  // Style DNA refreshes, queued by the database when a wardrobe changes.
  analysis_queue.SetStyleDnaRefresh([&outfits, settle = config.style_dna_settle](const std::string& user_id) {
    return outfits.RefreshStyleDna(user_id, settle);
  });
  analysis::ClothingService clothing_logic(analysis_deps, *analyzer, config.images.max_bytes);
  analysis::SkinService skin_logic(analysis_deps, skin_analyzer.get(), image_limits);
  chat::ChatService chat_logic(chat_deps, config.chat_limits);
  plan::PlanService plan_logic(plan_deps);
  legacy::LegacyService legacy_logic({legacy_store, photos, chat_logic});

  // Their gRPC faces.
  rpc::Runtime runtime{workers, authenticator, config.trusted_proxies};
  rpc::Runtime chat_runtime{chat_turns, authenticator, config.trusted_proxies};
  rpc::UserGrpc user_service(runtime, accounts, profiles, admin);
  rpc::WardrobeGrpc wardrobe_service(runtime, items, outfits, changes, photos);
  rpc::AnalysisGrpc analysis_service(runtime, clothing_logic, skin_logic, image_limits);
  rpc::ChatGrpc chat_service(runtime, chat_turns, chat_logic);
  rpc::PlanGrpc plan_service(runtime, chat_runtime, plan_logic);
  std::unique_ptr<swap::WordFilter> word_filter;
  try {
    word_filter = std::make_unique<swap::WordFilter>(swap::WordFilter::FromFile(config.word_list_file));
  } catch (const std::exception& e) {
    log::Error("swap market word list not loaded: listings will be refused (UNAVAILABLE)",
               {{"error", e.what()}, {"hint", "tools/install-deps.sh installs it; or set STYLIST_WORD_LIST_FILE"}});
  }
  swap::ListingStore listing_store(pool);
  swap::ListingService listing_logic(listing_store, wardrobe_store, word_filter.get());
  rpc::SwapGrpc swap_service(runtime, listing_logic);
  rpc::WebhookGrpc webhook_service(runtime, item_imports);
  rpc::LegacyGrpc legacy_service(runtime, chat_runtime, legacy_logic, photos.limits(), config.legacy_open_access);

  grpc::EnableDefaultHealthCheckService(true);
  rpc::RegisterHealthDescriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(config.listen_address, grpc::InsecureServerCredentials(), &bound_port);
  ApplyTransportLimits(config, builder);
  builder.RegisterService(&user_service);
  builder.RegisterService(&wardrobe_service);
  builder.RegisterService(&legacy_service);
  builder.RegisterService(&chat_service);
  builder.RegisterService(&analysis_service);
  builder.RegisterService(&plan_service);
  builder.RegisterService(&swap_service);
  builder.RegisterService(&webhook_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    log::Error("cannot listen", {{"listen_address", config.listen_address}});
    return 1;
  }
  // The metrics listener first: when its port is taken, the server stops
  // before any background worker has started.
  if (config.metrics_address != "off") {
    // Read at each scrape, with or without a mail relay: messages that
    // wait are the ones an operator needs to see.
    metrics::AddScrapedGauges(
        {{"stylist_outbox_messages",
          "Notification outbox messages by state: pending (not sent yet, waiting or between retries) and failed "
          "(dead-lettered)",
          "state"}},
        [&outbox_store] {
          const user::OutboxCounts counts = outbox_store.Counts();
          return std::vector<metrics::GaugeReading>{{{"pending", static_cast<double>(counts.pending)},
                                                     {"failed", static_cast<double>(counts.failed)}}};
        });
    metrics::AddScrapedGauges(
        {{"stylist_db_pool_connections", "Database connections by state: in_use (leased now) and max (the pool's size)",
          "state"}},
        [&pool] {
          return std::vector<metrics::GaugeReading>{{{"in_use", static_cast<double>(pool.InUse())},
                                                     {"max", static_cast<double>(pool.options().size)}}};
        });
    metrics::AddScrapedGauges(
        {{"stylist_analysis_jobs",
          "Clothing analysis jobs by state: queued (waiting, due or not), running, dead (dead-lettered after the "
          "last attempt)",
          "state"},
         {"stylist_analysis_queue_oldest_age_seconds", "How long the oldest unfinished analysis job has waited", ""}},
        [&analysis_job_store] {  // one query for both
          const auto stats = analysis_job_store.Stats();
          return std::vector<metrics::GaugeReading>{{{"queued", static_cast<double>(stats.queued)},
                                                     {"running", static_cast<double>(stats.running)},
                                                     {"dead", static_cast<double>(stats.dead)}},
                                                    {{"", stats.oldest_age_seconds}}};
        });
    try {
      const int port = metrics::Serve(config.metrics_address);
      log::Info("metrics serving", {{"metrics_address", config.metrics_address}, {"port", port}});
    } catch (const std::exception& e) {
      log::Error("cannot serve metrics", {{"metrics_address", config.metrics_address}, {"error", e.what()}});
      return 1;
    }
  }
  analysis_queue.Start();
  copy_backfill.Start();
  if (outbox_sender) outbox_sender->Start();
  server->GetHealthCheckService()->SetServingStatus(true);
  log::Info("serving", {{"listen_address", config.listen_address}, {"port", bound_port},
                        {"worker_threads", config.worker_threads}, {"db_pool_size", config.db.size}});

  // Signals were blocked in every thread (main); wait for one here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int signal_number = 0;
  sigwait(&signals, &signal_number);

  log::Info("shutting down", {{"signal", signal_number},
                              {"grace_ms", config.shutdown_grace.count()}});
  server->GetHealthCheckService()->SetServingStatus(false);
  // Stops accepting, lets in-flight calls finish until the deadline, then
  // cancels what is left.
  server->Shutdown(std::chrono::system_clock::now() + config.shutdown_grace);
  metrics::Stop();
  workers.Shutdown();
  chat_turns.Shutdown();
  analysis_queue.Stop();
  copy_backfill.Stop();
  if (outbox_sender) outbox_sender->Stop();
  log::Info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: stylist-server [--migrate] [--setting=value ...]\n\n"
              << "  --migrate  apply the database migrations and exit (a deployment's migration job)\n\n"
              << stylist::ConfigHelp();
    return 0;
  }
  // Replicas migrate at start too (under a lock, so at once is safe); the
  // job runs them before a rollout, so no replica starts on a schema it
  // does not know.
  const bool migrate_only = !args.empty() && args[0] == "--migrate";
  if (migrate_only) args.erase(args.begin());
  // Block the shutdown signals before any thread starts, so only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Debian builds Abseil without NDEBUG, which leaves absl::Mutex's deadlock
  // detection on: every lock gRPC takes then updates a process-wide lock
  // graph under a global lock (and records a stack trace). That was several
  // per cent of the server's CPU per call. Off before any thread starts.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Decoded images are tens of megabytes. glibc raises its mmap threshold
  // to the size of each large block freed, after which such blocks come
  // from per-thread arenas that keep the freed pages resident: eight
  // workers each kept a photo's worth. A fixed threshold sends every block
  // over 1 MiB to mmap and back to the system when freed, so resident
  // memory follows the decode budget.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);

  stylist::Config config;
  try {
    config = stylist::LoadConfig(stylist::ProcessEnvironment(), args);
  } catch (const stylist::ConfigError& e) {
    std::cerr << "stylist-server: configuration error: " << e.what() << "\n";
    return 2;
  }
  stylist::log::Level level;
  stylist::log::ParseLevel(config.log_level, &level);
  stylist::log::SetLevel(level);
  try {
    return Run(config, migrate_only);
  } catch (const std::exception& e) {
    stylist::log::Error("fatal", {{"error", e.what()}});
    return 1;
  }
}
