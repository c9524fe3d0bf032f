#include "wardrobe/item_import_service.h"

#include <algorithm>

#include "common/api_error.h"
#include "common/http_get.h"
#include "common/logging.h"

namespace stylist::wardrobe {

void ItemImportService::HandleDatabaseEvent(const CallContext& call, const v1::HandleDatabaseEventRequest& req,
                                            v1::HandleDatabaseEventResponse* resp) {
  if (options_.project_url.empty()) {
    throw FailedPrecondition("no Supabase project is configured here (STYLIST_SUPABASE_URL)");
  }
  const EventDecision decision = DecideEvent(req, options_);
  if (!decision.import) {
    resp->set_outcome(v1::HandleDatabaseEventResponse::OUTCOME_IGNORED);
    resp->set_message(decision.ignored_because);
    return;
  }
  const ItemRecord& record = *decision.import;
  // A redelivery answers before anything is charged or made.
  if (const auto earlier = store_.ImportedItem(record.record_id)) {
    resp->set_outcome(v1::HandleDatabaseEventResponse::OUTCOME_ALREADY_IMPORTED);
    resp->set_item_id(*earlier);
    resp->set_message(earlier->empty() ? "this row was imported before; its item has been deleted since"
                                       : "this row was imported before");
    return;
  }
  const std::string user_id = account_of_(options_.issuer, record.subject);
  // The photo will be analysed: it costs its owner an analysis, as an
  // upload would. The project cannot send the event again later (Supabase
  // does not retry), so a spent budget delays the import's fetch instead
  // of refusing it: the user's imports then run about one per refill.
  std::chrono::milliseconds pace{0};
  try {
    quota_.Take(call.principal, user_id, AiWork::kPhotoAnalysis);
  } catch (const ApiError& e) {
    if (e.code() != grpc::StatusCode::RESOURCE_EXHAUSTED) throw;
    pace = std::max<std::chrono::milliseconds>(e.retry_after(), std::chrono::seconds(1));
  }
  const auto imported = store_.Import(user_id, record, queue_.max_attempts(), pace);
  resp->set_item_id(imported.item_id);
  if (!imported.created) {
    resp->set_outcome(v1::HandleDatabaseEventResponse::OUTCOME_ALREADY_IMPORTED);
    resp->set_message(imported.item_id.empty() ? "this row was imported before; its item has been deleted since"
                                               : "this row was imported before");
    return;
  }
  queue_.Wake();
  resp->set_outcome(v1::HandleDatabaseEventResponse::OUTCOME_IMPORTED);
  resp->set_message(pace.count() == 0 ? "imported; its photo is fetched and analysed in the background"
                                      : "imported; its owner's analysis budget is spent, so its photo is fetched "
                                        "and analysed a little later");
  log::Info("item imported", {{"item_id", imported.item_id}, {"user_id", user_id}});
}

void ItemImportService::ImportPhoto(PhotoService& photos, const AnalysisJobStore::Job& job) {
  if (!photos.AwaitsPhoto(job.user_id, job.item_id)) return;  // deleted, or given a photo meanwhile
  // Checked again here: the URL was queued under the settings of its time.
  if (!IsProjectStorageUrl(job.source_url, options_.project_url)) {
    throw std::runtime_error("the photo's URL is not in the configured project's storage");
  }
  HttpGetOptions get;
  get.max_bytes = photos.limits().max_bytes;
  get.connect_timeout = options_.photo_connect_timeout;
  get.timeout = options_.photo_timeout;
  // A 404 is retried too: the app may insert the row before its upload ends.
  const std::string bytes = HttpGet(job.source_url, get);
  try {
    photos.StoreImportedPhoto(job.user_id, job.item_id, bytes, job.id);
  } catch (const ApiError& e) {
    // The user uploaded or deleted meanwhile, or another worker took the
    // job over: theirs stands, nothing of this fetch is kept.
    if (e.code() != grpc::StatusCode::ABORTED && e.code() != grpc::StatusCode::NOT_FOUND) throw;
    log::Info("photo import superseded", {{"item_id", job.item_id}, {"reason", e.what()}});
  }
}

}  // namespace stylist::wardrobe
