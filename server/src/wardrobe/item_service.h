// Clothing items and their wear log (WardrobeService item RPCs).
#pragma once

#include "auth/principal.h"
#include "stylist/v1/wardrobe.pb.h"
#include "wardrobe/deps.h"

namespace stylist::wardrobe {

class ItemService {
 public:
  explicit ItemService(Deps deps) : d_(deps) {}

  void CreateItem(const CallContext& call, const v1::CreateItemRequest& req, v1::CreateItemResponse* resp);
  void GetItem(const CallContext& call, const v1::GetItemRequest& req, v1::GetItemResponse* resp);
  void ListItems(const CallContext& call, const v1::ListItemsRequest& req, v1::ListItemsResponse* resp);
  void UpdateItem(const CallContext& call, const v1::UpdateItemRequest& req, v1::UpdateItemResponse* resp);
  void DeleteItem(const CallContext& call, const v1::DeleteItemRequest& req, v1::DeleteItemResponse* resp);
  void LogItemWorn(const CallContext& call, const v1::LogItemWornRequest& req, v1::LogItemWornResponse* resp);
  void ListWearEvents(const CallContext& call, const v1::ListWearEventsRequest& req,
                      v1::ListWearEventsResponse* resp);

 private:
  Deps d_;
};

}  // namespace stylist::wardrobe
