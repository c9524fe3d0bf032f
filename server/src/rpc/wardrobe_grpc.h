#pragma once
// Registers the wardrobe logic with gRPC: one line per RPC. Photo upload,
// download and analysis are not implemented yet; the generated base class
// answers UNIMPLEMENTED for them.

#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/wardrobe.grpc.pb.h"
#include "wardrobe/item_service.h"
#include "wardrobe/outfit_service.h"

namespace stylist::rpc {

class WardrobeGrpc final : public v1::WardrobeService::CallbackService {
 public:
  WardrobeGrpc(Runtime& rt, wardrobe::Deps deps) : rt_(rt), items_(deps), outfits_(deps), sync_(deps) {}

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
  STYLIST_RPC(ListChanges, sync_)
#undef STYLIST_RPC

 private:
  Runtime& rt_;
  wardrobe::ItemService items_;
  wardrobe::OutfitService outfits_;
  wardrobe::SyncService sync_;
};

}  // namespace stylist::rpc
