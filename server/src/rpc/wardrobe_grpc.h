#pragma once
// Registers the wardrobe logic with gRPC: one line per unary RPC, and the
// two photo streams.

#include "rpc/arena_messages.h"
#include "rpc/photo_streams.h"
#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/wardrobe.grpc.pb.h"
#include "wardrobe/item_service.h"
#include "wardrobe/outfit_service.h"

namespace stylist::rpc {

class WardrobeGrpc final : public v1::WardrobeService::CallbackService {
 public:
  // Borrows the services main builds, as every adapter does.
  WardrobeGrpc(Runtime& rt, wardrobe::ItemService& items, wardrobe::OutfitService& outfits,
               wardrobe::SyncService& sync, wardrobe::PhotoService& photos)
      : rt_(rt), items_(items), outfits_(outfits), sync_(sync), photos_(photos) {
    SetMessageAllocatorFor_ListItems(&list_items_messages_);
    SetMessageAllocatorFor_ListOutfits(&list_outfits_messages_);
    SetMessageAllocatorFor_ListChanges(&list_changes_messages_);
  }

#define STYLIST_RPC(Method, impl) STYLIST_UNARY_RPC(WardrobeService, Method, Access::kUser, impl)
  STYLIST_RPC(CreateItem, items_)
  STYLIST_RPC(GetItem, items_)
  STYLIST_RPC(ListItems, items_)
  STYLIST_RPC(UpdateItem, items_)
  STYLIST_RPC(DeleteItem, items_)
  STYLIST_RPC(LogItemWorn, items_)
  STYLIST_RPC(ListWearEvents, items_)
  STYLIST_RPC(CreateOutfit, outfits_)
  STYLIST_RPC(GetOutfit, outfits_)
  STYLIST_RPC(ListOutfits, outfits_)
  STYLIST_RPC(UpdateOutfit, outfits_)
  STYLIST_RPC(DeleteOutfit, outfits_)
  STYLIST_RPC(WearOutfit, outfits_)
  STYLIST_RPC(SuggestOutfits, outfits_)
  STYLIST_RPC(Recommend, outfits_)
  STYLIST_RPC(CalculateStyleDna, outfits_)
  STYLIST_RPC(GetStyleDna, outfits_)
  STYLIST_RPC(ListChanges, sync_)
  STYLIST_RPC(DeleteItemPhoto, photos_)
  STYLIST_RPC(GetItemPhotoUrl, photos_)
  STYLIST_RPC(AnalyzeItem, photos_)
#undef STYLIST_RPC

  grpc::ServerReadReactor<v1::UploadItemPhotoRequest>* UploadItemPhoto(
      grpc::CallbackServerContext* ctx, v1::UploadItemPhotoResponse* resp) override {
    return StartPhotoUpload(rt_, ctx, photos_, resp);
  }
  grpc::ServerWriteReactor<v1::DownloadItemPhotoResponse>* DownloadItemPhoto(
      grpc::CallbackServerContext* ctx, const v1::DownloadItemPhotoRequest* req) override {
    return StartPhotoDownload(rt_, ctx, photos_, req);
  }

 private:
  Runtime& rt_;
  wardrobe::ItemService& items_;
  wardrobe::OutfitService& outfits_;
  wardrobe::SyncService& sync_;
  wardrobe::PhotoService& photos_;
  ArenaMessages<v1::ListItemsRequest, v1::ListItemsResponse> list_items_messages_;
  ArenaMessages<v1::ListOutfitsRequest, v1::ListOutfitsResponse> list_outfits_messages_;
  ArenaMessages<v1::ListChangesRequest, v1::ListChangesResponse> list_changes_messages_;
};

}  // namespace stylist::rpc
