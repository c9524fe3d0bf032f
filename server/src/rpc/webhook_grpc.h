#pragma once
// Registers DatabaseWebhookService with gRPC. Its caller is the Supabase
// project (the webhook secret), not a user.

#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/webhook.grpc.pb.h"
#include "wardrobe/item_import_service.h"

namespace stylist::rpc {

class WebhookGrpc final : public v1::DatabaseWebhookService::CallbackService {
 public:
  WebhookGrpc(Runtime& rt, wardrobe::ItemImportService& imports) : rt_(rt), imports_(imports) {}

  STYLIST_UNARY_RPC(DatabaseWebhookService, HandleDatabaseEvent, Access::kDatabaseWebhook, imports_)

 private:
  Runtime& rt_;
  wardrobe::ItemImportService& imports_;
};

}  // namespace stylist::rpc
