#include "wardrobe/item_service.h"

#include "common/api_error.h"
#include "common/dates.h"
#include "common/etag.h"
#include "common/proto_util.h"
#include "wardrobe/idempotency.h"
#include "wardrobe/item_list_query.h"
#include "wardrobe/photo_blobs.h"
#include "wardrobe/validation.h"
#include "wardrobe/wear_list_query.h"

namespace stylist::wardrobe {

void ItemService::CreateItem(const CallContext& call, const v1::CreateItemRequest& req,
                             v1::CreateItemResponse* resp) {
  v1::ClothingItem item = req.item();
  NormalizeItem(item);
  Violations v;
  CheckItem(item, v);
  v.ThrowIfAny();
  const IdempotentCreate idempotent(call, req.request_id(), req);
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();  // also serialises this user's writes
    if (idempotent.Replay(tx, resp)) return;
    if (tx.ItemCount() >= kMaxItemsPerUser) {
      throw FailedPrecondition("a wardrobe holds at most " + std::to_string(kMaxItemsPerUser) + " items");
    }
    const std::string id = tx.InsertItem(item, change);
    *resp->mutable_item() = tx.LoadItem(id);
    idempotent.Remember(tx, *resp);
  });
}

void ItemService::GetItem(const CallContext& call, const v1::GetItemRequest& req, v1::GetItemResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  *resp->mutable_item() = d_.store.GetItem(call.principal.user_id, req.item_id());
}

void ItemService::ListItems(const CallContext& call, const v1::ListItemsRequest& req, v1::ListItemsResponse* resp) {
  const ItemListQuery query = ItemListQueryFor(call.principal.user_id, req);
  const PageInfo page = d_.store.ListItems(query, resp->mutable_items());
  resp->set_next_page_token(page.next_page_token);
  resp->set_total_size(page.total_size);
}

void ItemService::UpdateItem(const CallContext& call, const v1::UpdateItemRequest& req,
                             v1::UpdateItemResponse* resp) {
  Violations v;
  CheckId(req.item().item_id(), "item.item_id", v);
  const auto mask = ItemMask(req.item(), req.update_mask(), v);
  v.ThrowIfAny();
  const std::string& id = req.item().item_id();
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();
    const auto locked = tx.LockItem(id);
    if (!locked) throw NotFound("no such item");
    CheckEtag(ExpectedEtag(req.item().etag(), call.if_match), *locked, "item");
    v1::ClothingItem merged = tx.LoadItem(id);
    proto::ApplyUpdateMask(req.item(), mask, &merged);
    NormalizeItem(merged);
    Violations checks;
    CheckItem(merged, checks);
    checks.ThrowIfAny();
    tx.UpdateItem(id, merged, change);
    *resp->mutable_item() = tx.LoadItem(id);
  });
}

void ItemService::DeleteItem(const CallContext& call, const v1::DeleteItemRequest& req, v1::DeleteItemResponse*) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  std::string photo;
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();
    const auto locked = tx.LockItem(req.item_id());
    if (!locked) throw NotFound("no such item");
    CheckEtag(ExpectedEtag(req.etag(), call.if_match), *locked, "item");
    tx.TouchOutfitsOfItem(req.item_id(), change);
    photo = tx.DeleteItem(req.item_id());
    tx.AddTombstone("item", req.item_id(), change);
  });
  DeletePhotoBlobs(d_.blobs, photo);  // the row is gone: its photo files go too
}

void ItemService::LogItemWorn(const CallContext& call, const v1::LogItemWornRequest& req,
                              v1::LogItemWornResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  CheckPastDate(req.worn_date(), "worn_date", false, v);
  v.ThrowIfAny();
  const std::string date = DateParam(req.worn_date()).value_or(*DateParam(Today()));
  d_.store.Write(call.principal.user_id, [&](WardrobeTx& tx) {
    const auto change = tx.NextChange();
    *resp->mutable_wear_event() = tx.RecordWear(req.item_id(), "", date, change);
    *resp->mutable_item() = tx.LoadItem(req.item_id());
  });
}

void ItemService::ListWearEvents(const CallContext& call, const v1::ListWearEventsRequest& req,
                                 v1::ListWearEventsResponse* resp) {
  const WearListQuery query = WearListQueryFor(call.principal.user_id, req);
  resp->set_next_page_token(d_.store.ListWearEvents(query, resp->mutable_wear_events()).next_page_token);
}

}  // namespace stylist::wardrobe
