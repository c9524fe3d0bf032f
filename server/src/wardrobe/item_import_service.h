#pragma once
// DatabaseWebhookService: the Supabase project's database events. A new
// row of public.clothing_items with an image becomes an item of its
// owner's wardrobe, whose photo the analysis queue fetches from the
// project's storage and then analyses (AnalysisQueue's photo import).

#include <functional>
#include <string>

#include "auth/ai_quota.h"
#include "auth/principal.h"
#include "stylist/v1/webhook.pb.h"
#include "wardrobe/analysis_queue.h"
#include "wardrobe/item_import.h"
#include "wardrobe/item_import_store.h"
#include "wardrobe/photo_service.h"

namespace stylist::wardrobe {

class ItemImportService {
 public:
  // The account of a subject of the project's Auth issuer, created on
  // first sight (Authenticator::ExternalAccount).
  using AccountOf = std::function<std::string(const std::string& issuer, const std::string& subject)>;

  ItemImportService(ItemImportOptions options, ItemImportStore& store, AiQuota& quota, AnalysisQueue& queue,
                    AccountOf account_of)
      : options_(std::move(options)), store_(store), quota_(quota), queue_(queue), account_of_(std::move(account_of)) {}

  void HandleDatabaseEvent(const CallContext& call, const v1::HandleDatabaseEventRequest& req,
                           v1::HandleDatabaseEventResponse* resp);

  // What the analysis queue runs for an import job: fetches the photo from
  // the project's storage (bounded by `limits`' size and the options'
  // timeouts) and stores it on the item, unless the item has a photo
  // already. Throws to fail the attempt.
  void ImportPhoto(PhotoService& photos, const AnalysisJobStore::Job& job);

  const ItemImportOptions& options() const { return options_; }

 private:
  const ItemImportOptions options_;
  ItemImportStore& store_;
  AiQuota& quota_;
  AnalysisQueue& queue_;
  AccountOf account_of_;
};

}  // namespace stylist::wardrobe
