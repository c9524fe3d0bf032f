// The item, outfit and sync services' rules on an in-memory store
// (fake_wardrobe_store.h): the per-user limits, retried creates answered
// with their first answer, update masks and etags, outfits of one's own
// items only, deletion's tombstones and touched outfits, other users' rows
// looking absent, the wear log's counts, list pages bound to their filters
// and changes paged by change number.
#include <gtest/gtest.h>

#include "fake_photo_store.h"
#include "fake_wardrobe_store.h"
#include "service_test_support.h"
#include "test_quota.h"
#include "common/dates.h"
#include "wardrobe/item_service.h"
#include "wardrobe/outfit_service.h"
#include "wardrobe/validation.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";

v1::ClothingItem Item(const std::string& name, v1::ClothingCategory category = v1::CLOTHING_CATEGORY_TOP,
                      const std::string& color = "blue") {
  v1::ClothingItem item;
  item.set_name(name);
  item.set_category(category);
  item.set_primary_color(color);
  return item;
}

std::vector<std::string> FieldsOf(const ApiError& e) {
  std::vector<std::string> fields;
  for (const auto& v : e.violations()) fields.push_back(v.field);
  return fields;
}

class WardrobeServiceTest : public ::testing::Test {
 protected:
  RecordingBlobStore blobs_;
  FakeWardrobeStore store_;
  FakePhotoStore photos_;  // unused by these services
  AiQuota quota_{UnreachableAiLimits()};
  wardrobe::Deps deps_{blobs_, store_, photos_, quota_};
  wardrobe::ItemService items_{deps_};
  wardrobe::OutfitService outfits_{deps_};
  wardrobe::SyncService sync_{deps_};

  v1::ClothingItem Create(const std::string& user, const v1::ClothingItem& item) {
    v1::CreateItemRequest req;
    *req.mutable_item() = item;
    v1::CreateItemResponse resp;
    items_.CreateItem(As(user), req, &resp);
    return resp.item();
  }
  v1::Outfit CreateOutfit(const std::string& user, const std::vector<std::string>& item_ids) {
    v1::CreateOutfitRequest req;
    req.mutable_outfit()->set_name("look");
    for (const auto& id : item_ids) req.mutable_outfit()->add_item_ids(id);
    v1::CreateOutfitResponse resp;
    outfits_.CreateOutfit(As(user), req, &resp);
    return resp.outfit();
  }
  v1::ListItemsResponse List(const std::string& user, v1::ListItemsRequest req) {
    v1::ListItemsResponse resp;
    items_.ListItems(As(user), req, &resp);
    return resp;
  }
};

TEST_F(WardrobeServiceTest, AWardrobeHoldsAtMostItsLimitOfItemsPerUser) {
  for (int i = 0; i < wardrobe::kMaxItemsPerUser; ++i) store_.AddItem(kAda, Item("shirt " + std::to_string(i)));
  const int writes = store_.writes;
  const ApiError refused = ErrorOf([&] { Create(kAda, Item("one more")); });
  EXPECT_EQ(refused.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(std::string(refused.what()), "a wardrobe holds at most 10000 items");
  EXPECT_EQ(store_.writes, writes);
  EXPECT_EQ(store_.state().items.size(), static_cast<std::size_t>(wardrobe::kMaxItemsPerUser));
  // Another user's wardrobe is not full.
  EXPECT_EQ(Create(kBob, Item("bob's")).name(), "bob's");
}

TEST_F(WardrobeServiceTest, AUserHoldsAtMostItsLimitOfOutfits) {
  const std::string shirt = store_.AddItem(kAda, Item("shirt"));
  for (int i = 0; i < wardrobe::kMaxOutfitsPerUser; ++i) store_.AddOutfit(kAda, "look", {shirt});
  const ApiError refused = ErrorOf([&] { CreateOutfit(kAda, {shirt}); });
  EXPECT_EQ(refused.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(std::string(refused.what()), "at most 5000 outfits");
  EXPECT_EQ(store_.state().outfits.size(), static_cast<std::size_t>(wardrobe::kMaxOutfitsPerUser));
}

TEST_F(WardrobeServiceTest, ACreateRetriedWithItsRequestIdAnswersTheFirstAnswer) {
  v1::CreateItemRequest req;
  *req.mutable_item() = Item("coat", v1::CLOTHING_CATEGORY_OUTERWEAR);
  req.set_request_id("create-coat-1");
  CallContext call = As(kAda);
  call.method = "/stylist.v1.WardrobeService/CreateItem";
  v1::CreateItemResponse first, again;
  items_.CreateItem(call, req, &first);
  items_.CreateItem(call, req, &again);
  EXPECT_EQ(again.item().item_id(), first.item().item_id());
  EXPECT_EQ(store_.state().items.size(), 1u);

  // The same id as the Idempotency-Key header is the same request.
  v1::CreateItemRequest by_header = req;
  by_header.clear_request_id();
  CallContext header_call = call;
  header_call.idempotency_key = "create-coat-1";
  v1::CreateItemResponse third;
  items_.CreateItem(header_call, by_header, &third);
  EXPECT_EQ(third.item().item_id(), first.item().item_id());
  EXPECT_EQ(store_.state().items.size(), 1u);

  // The same id for another request is refused, naming the id's field.
  req.mutable_item()->set_name("another coat");
  const ApiError reused = ErrorOf([&] { items_.CreateItem(call, req, &again); });
  EXPECT_EQ(reused.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(reused), std::vector<std::string>{"request_id"});
  EXPECT_EQ(store_.state().items.size(), 1u);

  // Request ids are the user's own: Bob's create with Ada's id is new.
  v1::CreateItemResponse bobs;
  CallContext bob = As(kBob);
  bob.method = call.method;
  items_.CreateItem(bob, req, &bobs);
  EXPECT_NE(bobs.item().item_id(), first.item().item_id());
}

TEST_F(WardrobeServiceTest, AnUpdateMergesOnlyTheNamedFields) {
  v1::ClothingItem shirt = Item("shirt");
  shirt.set_brand("acme");
  const v1::ClothingItem stored = Create(kAda, shirt);

  v1::UpdateItemRequest req;
  req.mutable_item()->set_item_id(stored.item_id());
  req.mutable_item()->set_name("  Linen shirt ");
  req.mutable_item()->set_brand("ignored: not in the mask");
  req.mutable_update_mask()->add_paths("name");
  v1::UpdateItemResponse resp;
  items_.UpdateItem(As(kAda), req, &resp);
  EXPECT_EQ(resp.item().name(), "Linen shirt");  // normalised as on create
  EXPECT_EQ(resp.item().brand(), "acme");
  EXPECT_EQ(resp.item().category(), v1::CLOTHING_CATEGORY_TOP);
  EXPECT_NE(resp.item().etag(), stored.etag());

  // A path the item does not have, or one the server owns, is refused and
  // nothing is written.
  const int writes = store_.writes;
  req.mutable_update_mask()->set_paths(0, "colour");
  const ApiError unknown = ErrorOf([&] { items_.UpdateItem(As(kAda), req, &resp); });
  EXPECT_EQ(unknown.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(unknown), std::vector<std::string>{"update_mask"});
  req.mutable_update_mask()->set_paths(0, "wear_count");
  EXPECT_EQ(CodeOf([&] { items_.UpdateItem(As(kAda), req, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(store_.writes, writes);
  EXPECT_EQ(store_.GetItem(kAda, stored.item_id()).name(), "Linen shirt");
}

TEST_F(WardrobeServiceTest, AStaleEtagIsAbortedAndChangesNothing) {
  const v1::ClothingItem stored = Create(kAda, Item("shirt"));
  v1::UpdateItemRequest req;
  req.mutable_item()->set_item_id(stored.item_id());
  req.mutable_item()->set_name("renamed");
  req.mutable_update_mask()->add_paths("name");
  v1::UpdateItemResponse resp;
  items_.UpdateItem(As(kAda), req, &resp);

  req.mutable_item()->set_name("renamed again");
  req.mutable_item()->set_etag(stored.etag());  // the etag before the first update
  EXPECT_EQ(CodeOf([&] { items_.UpdateItem(As(kAda), req, &resp); }), grpc::StatusCode::ABORTED);
  v1::DeleteItemRequest del;
  del.set_item_id(stored.item_id());
  del.set_etag(stored.etag());
  EXPECT_EQ(CodeOf([&] { items_.DeleteItem(As(kAda), del, nullptr); }), grpc::StatusCode::ABORTED);
  EXPECT_EQ(store_.GetItem(kAda, stored.item_id()).name(), "renamed");
}

TEST_F(WardrobeServiceTest, AnOutfitOfAnotherUsersItemIsRefusedNamingThePosition) {
  const std::string mine = Create(kAda, Item("shirt")).item_id();
  const std::string bobs = Create(kBob, Item("bob's trousers", v1::CLOTHING_CATEGORY_BOTTOM)).item_id();
  const ApiError refused = ErrorOf([&] { CreateOutfit(kAda, {mine, bobs}); });
  EXPECT_EQ(refused.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(refused), std::vector<std::string>{"outfit.item_ids[1]"});
  EXPECT_TRUE(store_.state().outfits.empty());

  // Nor can an update put one in.
  const v1::Outfit outfit = CreateOutfit(kAda, {mine});
  v1::UpdateOutfitRequest update;
  update.mutable_outfit()->set_outfit_id(outfit.outfit_id());
  update.mutable_outfit()->add_item_ids(bobs);
  update.mutable_update_mask()->add_paths("item_ids");
  v1::UpdateOutfitResponse updated;
  const ApiError also = ErrorOf([&] { outfits_.UpdateOutfit(As(kAda), update, &updated); });
  EXPECT_EQ(FieldsOf(also), std::vector<std::string>{"outfit.item_ids[0]"});
  EXPECT_EQ(store_.GetOutfit(kAda, outfit.outfit_id()).item_ids(0), mine);
}

TEST_F(WardrobeServiceTest, DeletingAnItemLeavesATombstoneTouchesItsOutfitsAndRemovesItsPhoto) {
  const std::string shirt = store_.AddItem(
      kAda, Item("shirt"), R"({"storage_key": "items/ab/photo.jpg", "thumbnail_key": "items/ab/thumb.jpg"})");
  const std::string trousers = Create(kAda, Item("trousers", v1::CLOTHING_CATEGORY_BOTTOM)).item_id();
  const v1::Outfit outfit = CreateOutfit(kAda, {shirt, trousers});
  v1::ListChangesResponse before;
  sync_.ListChanges(As(kAda), {}, &before);

  v1::DeleteItemRequest del;
  del.set_item_id(shirt);
  items_.DeleteItem(As(kAda), del, nullptr);
  EXPECT_EQ(blobs_.deleted, (std::vector<std::string>{"items/ab/photo.jpg", "items/ab/thumb.jpg"}));

  v1::ListChangesRequest since;
  since.set_cursor(before.next_cursor());
  v1::ListChangesResponse changes;
  sync_.ListChanges(As(kAda), since, &changes);
  EXPECT_EQ(std::vector<std::string>(changes.deleted_item_ids().begin(), changes.deleted_item_ids().end()),
            std::vector<std::string>{shirt});
  ASSERT_EQ(changes.outfits_size(), 1);  // the outfit changed with its item
  EXPECT_EQ(changes.outfits(0).outfit_id(), outfit.outfit_id());
  EXPECT_NE(changes.outfits(0).etag(), outfit.etag());
  EXPECT_EQ(changes.items_size(), 0);
  EXPECT_FALSE(changes.has_more());
  EXPECT_EQ(CodeOf([&] { items_.DeleteItem(As(kAda), del, nullptr); }), grpc::StatusCode::NOT_FOUND);
}

TEST_F(WardrobeServiceTest, DeletingAnOutfitLeavesATombstone) {
  const v1::Outfit outfit = CreateOutfit(kAda, {Create(kAda, Item("shirt")).item_id()});
  v1::ListChangesResponse before;
  sync_.ListChanges(As(kAda), {}, &before);
  v1::DeleteOutfitRequest del;
  del.set_outfit_id(outfit.outfit_id());
  EXPECT_EQ(CodeOf([&] { outfits_.DeleteOutfit(As(kBob), del, nullptr); }), grpc::StatusCode::NOT_FOUND);
  outfits_.DeleteOutfit(As(kAda), del, nullptr);
  v1::ListChangesRequest since;
  since.set_cursor(before.next_cursor());
  v1::ListChangesResponse changes;
  sync_.ListChanges(As(kAda), since, &changes);
  EXPECT_EQ(std::vector<std::string>(changes.deleted_outfit_ids().begin(), changes.deleted_outfit_ids().end()),
            std::vector<std::string>{outfit.outfit_id()});
}

TEST_F(WardrobeServiceTest, AnotherUsersItemsAndOutfitsAreNotFound) {
  const v1::ClothingItem shirt = Create(kAda, Item("shirt"));
  const v1::Outfit outfit = CreateOutfit(kAda, {shirt.item_id()});
  const int writes = store_.writes;
  const CallContext bob = As(kBob);

  v1::GetItemRequest get;
  get.set_item_id(shirt.item_id());
  v1::GetItemResponse got;
  EXPECT_EQ(CodeOf([&] { items_.GetItem(bob, get, &got); }), grpc::StatusCode::NOT_FOUND);
  v1::UpdateItemRequest update;
  update.mutable_item()->set_item_id(shirt.item_id());
  update.mutable_item()->set_name("mine now");
  v1::UpdateItemResponse updated;
  EXPECT_EQ(CodeOf([&] { items_.UpdateItem(bob, update, &updated); }), grpc::StatusCode::NOT_FOUND);
  v1::DeleteItemRequest del;
  del.set_item_id(shirt.item_id());
  EXPECT_EQ(CodeOf([&] { items_.DeleteItem(bob, del, nullptr); }), grpc::StatusCode::NOT_FOUND);
  v1::LogItemWornRequest worn;
  worn.set_item_id(shirt.item_id());
  v1::LogItemWornResponse logged;
  EXPECT_EQ(CodeOf([&] { items_.LogItemWorn(bob, worn, &logged); }), grpc::StatusCode::NOT_FOUND);

  v1::GetOutfitRequest get_outfit;
  get_outfit.set_outfit_id(outfit.outfit_id());
  v1::GetOutfitResponse got_outfit;
  EXPECT_EQ(CodeOf([&] { outfits_.GetOutfit(bob, get_outfit, &got_outfit); }), grpc::StatusCode::NOT_FOUND);
  v1::WearOutfitRequest wear;
  wear.set_outfit_id(outfit.outfit_id());
  v1::WearOutfitResponse wore;
  EXPECT_EQ(CodeOf([&] { outfits_.WearOutfit(bob, wear, &wore); }), grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(store_.writes, writes);
  v1::ListItemsResponse bobs = List(kBob, {});
  EXPECT_EQ(bobs.items_size(), 0);
  EXPECT_EQ(bobs.total_size(), 0);
}

TEST_F(WardrobeServiceTest, WearingCountsOnTheItemsAndTheOutfit) {
  const std::string shirt = Create(kAda, Item("shirt")).item_id();
  const std::string trousers = Create(kAda, Item("trousers", v1::CLOTHING_CATEGORY_BOTTOM)).item_id();
  const v1::Outfit outfit = CreateOutfit(kAda, {shirt, trousers});

  v1::LogItemWornRequest worn;
  worn.set_item_id(shirt);
  worn.mutable_worn_date()->set_year(2024);
  worn.mutable_worn_date()->set_month(5);
  worn.mutable_worn_date()->set_day(2);
  v1::LogItemWornResponse logged;
  items_.LogItemWorn(As(kAda), worn, &logged);
  EXPECT_EQ(logged.item().wear_count(), 1);
  EXPECT_EQ(logged.item().last_worn_date().day(), 2);
  EXPECT_EQ(logged.wear_event().item_id(), shirt);
  EXPECT_TRUE(logged.wear_event().outfit_id().empty());

  v1::WearOutfitRequest wear;
  wear.set_outfit_id(outfit.outfit_id());
  *wear.mutable_worn_date() = worn.worn_date();
  wear.mutable_worn_date()->set_day(1);  // earlier: the last worn date stays the 2nd
  v1::WearOutfitResponse wore;
  outfits_.WearOutfit(As(kAda), wear, &wore);
  EXPECT_EQ(wore.outfit().wear_count(), 1);
  ASSERT_EQ(wore.wear_events_size(), 2);
  EXPECT_EQ(wore.wear_events(0).item_id(), shirt);
  EXPECT_EQ(wore.wear_events(1).item_id(), trousers);
  EXPECT_EQ(wore.wear_events(1).outfit_id(), outfit.outfit_id());
  EXPECT_EQ(store_.GetItem(kAda, shirt).wear_count(), 2);
  EXPECT_EQ(store_.GetItem(kAda, shirt).last_worn_date().day(), 2);
  EXPECT_EQ(store_.GetItem(kAda, trousers).wear_count(), 1);

  v1::ListWearEventsRequest list;
  list.set_item_id(shirt);
  v1::ListWearEventsResponse events;
  items_.ListWearEvents(As(kAda), list, &events);
  ASSERT_EQ(events.wear_events_size(), 2);  // newest worn date first
  EXPECT_EQ(events.wear_events(0).worn_date().day(), 2);
  EXPECT_EQ(events.wear_events(1).worn_date().day(), 1);

  worn.mutable_worn_date()->set_year(2999);
  EXPECT_EQ(CodeOf([&] { items_.LogItemWorn(As(kAda), worn, &logged); }), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(WardrobeServiceTest, ListPagesFollowTheOrderAndTheirTokensAreBoundToTheFilters) {
  for (const char* name : {"Delta", "alpha", "Charlie", "bravo"}) Create(kAda, Item(name));
  Create(kAda, Item("echo", v1::CLOTHING_CATEGORY_BOTTOM, "red"));
  v1::ListItemsRequest req;
  req.set_category(v1::CLOTHING_CATEGORY_TOP);
  req.set_order_by(" Name  ASC");
  req.set_page_size(3);
  const auto first = List(kAda, req);
  ASSERT_EQ(first.items_size(), 3);
  EXPECT_EQ(first.items(0).name(), "alpha");
  EXPECT_EQ(first.items(1).name(), "bravo");
  EXPECT_EQ(first.items(2).name(), "Charlie");
  EXPECT_EQ(first.total_size(), 4);
  ASSERT_FALSE(first.next_page_token().empty());

  req.set_page_token(first.next_page_token());
  const auto second = List(kAda, req);
  ASSERT_EQ(second.items_size(), 1);
  EXPECT_EQ(second.items(0).name(), "Delta");
  EXPECT_TRUE(second.next_page_token().empty());

  // The token is refused by the same list with other filters or order.
  v1::ListItemsRequest other = req;
  other.set_color("blue");
  const ApiError refused = ErrorOf([&] { List(kAda, other); });
  EXPECT_EQ(refused.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(refused), std::vector<std::string>{"page_token"});
  other = req;
  other.set_order_by("name desc");
  EXPECT_EQ(CodeOf([&] { List(kAda, other); }), grpc::StatusCode::INVALID_ARGUMENT);
  // The same filters written differently are the same list.
  other = req;
  other.set_order_by("name");
  EXPECT_EQ(List(kAda, other).items(0).name(), "Delta");

  other = req;
  other.clear_page_token();
  other.set_order_by("colour");
  EXPECT_EQ(FieldsOf(ErrorOf([&] { List(kAda, other); })), std::vector<std::string>{"order_by"});
}

TEST_F(WardrobeServiceTest, ListFiltersMatchTheNormalisedWords) {
  v1::ClothingItem scarf = Item("Wool scarf", v1::CLOTHING_CATEGORY_ACCESSORY, "grey");
  scarf.add_tags("Winter");
  scarf.set_favorite(true);
  Create(kAda, scarf);
  Create(kAda, Item("shirt"));
  v1::ListItemsRequest req;
  req.set_color(" GREY\t");
  EXPECT_EQ(List(kAda, req).items_size(), 1);
  req.clear_color();
  req.set_tag("winter");
  EXPECT_EQ(List(kAda, req).items_size(), 1);
  req.clear_tag();
  req.set_query("WOOL");
  EXPECT_EQ(List(kAda, req).items_size(), 1);
  req.clear_query();
  req.set_favorite(false);
  EXPECT_EQ(List(kAda, req).items(0).name(), "shirt");
  req.set_color(std::string(41, 'x'));
  EXPECT_EQ(FieldsOf(ErrorOf([&] { List(kAda, req); })), std::vector<std::string>{"color"});
}

TEST_F(WardrobeServiceTest, OutfitListsAreBoundToTheirFilters) {
  const std::string shirt = Create(kAda, Item("shirt")).item_id();
  const std::string coat = Create(kAda, Item("coat", v1::CLOTHING_CATEGORY_OUTERWEAR)).item_id();
  CreateOutfit(kAda, {shirt});
  CreateOutfit(kAda, {shirt, coat});
  CreateOutfit(kAda, {coat});
  v1::ListOutfitsRequest req;
  req.set_item_id(shirt);
  req.set_page_size(1);
  v1::ListOutfitsResponse first;
  outfits_.ListOutfits(As(kAda), req, &first);
  EXPECT_EQ(first.outfits_size(), 1);
  EXPECT_EQ(first.total_size(), 2);
  req.set_page_token(first.next_page_token());
  v1::ListOutfitsResponse second;
  outfits_.ListOutfits(As(kAda), req, &second);
  EXPECT_EQ(second.outfits_size(), 1);
  EXPECT_NE(second.outfits(0).outfit_id(), first.outfits(0).outfit_id());
  EXPECT_TRUE(second.next_page_token().empty());
  req.set_item_id(coat);
  EXPECT_EQ(CodeOf([&] { outfits_.ListOutfits(As(kAda), req, &second); }), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(WardrobeServiceTest, ChangesArePagedWithoutSplittingAChangeNumber) {
  const std::string shirt = Create(kAda, Item("shirt")).item_id();
  CreateOutfit(kAda, {shirt});
  CreateOutfit(kAda, {shirt});
  v1::ListChangesResponse before;
  sync_.ListChanges(As(kAda), {}, &before);
  EXPECT_EQ(before.items_size(), 1);
  EXPECT_EQ(before.outfits_size(), 2);

  // One deletion: the item's tombstone and its two outfits share a number.
  v1::DeleteItemRequest del;
  del.set_item_id(shirt);
  items_.DeleteItem(As(kAda), del, nullptr);
  v1::ListChangesRequest req;
  req.set_cursor(before.next_cursor());
  req.set_page_size(1);
  v1::ListChangesResponse page;
  sync_.ListChanges(As(kAda), req, &page);
  EXPECT_EQ(page.deleted_item_ids_size(), 1);
  EXPECT_EQ(page.outfits_size(), 2);
  EXPECT_FALSE(page.has_more());

  req.set_cursor("not a cursor");
  EXPECT_EQ(CodeOf([&] { sync_.ListChanges(As(kAda), req, &page); }), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(WardrobeServiceTest, SuggestionsUseOnlyTheCallersItems) {
  Create(kAda, Item("shirt"));
  const std::string bobs = Create(kBob, Item("bob's trousers", v1::CLOTHING_CATEGORY_BOTTOM)).item_id();
  v1::SuggestOutfitsRequest req;
  req.add_include_item_ids(bobs);
  v1::SuggestOutfitsResponse resp;
  const ApiError refused = ErrorOf([&] { outfits_.SuggestOutfits(As(kAda), req, &resp); });
  EXPECT_EQ(refused.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(refused), std::vector<std::string>{"include_item_ids[0]"});
}

TEST_F(WardrobeServiceTest, RecommendationsAreOutfitsOfTheCallersItemsOrPiecesToBuy) {
  v1::RecommendRequest req;
  v1::RecommendResponse resp;
  req.set_limit(51);
  req.set_type(static_cast<v1::RecommendationType>(9));
  const ApiError refused = ErrorOf([&] { outfits_.Recommend(As(kAda), req, &resp); });
  EXPECT_EQ(refused.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(refused), (std::vector<std::string>{"type", "limit"}));

  const std::string shirt = Create(kAda, Item("shirt", v1::CLOTHING_CATEGORY_TOP, "white")).item_id();
  const std::string jeans = Create(kAda, Item("jeans", v1::CLOTHING_CATEGORY_BOTTOM, "denim")).item_id();
  Create(kBob, Item("bob's trousers", v1::CLOTHING_CATEGORY_BOTTOM, "black"));
  req = v1::RecommendRequest();  // combinations, 10 at most
  outfits_.Recommend(As(kAda), req, &resp);
  ASSERT_EQ(resp.recommendations_size(), 1);
  ASSERT_TRUE(resp.recommendations(0).has_combination());
  const auto& combo = resp.recommendations(0).combination();
  EXPECT_EQ(std::vector<std::string>(combo.item_ids().begin(), combo.item_ids().end()),
            (std::vector<std::string>{shirt, jeans}));
  EXPECT_FALSE(combo.name().empty());
  EXPECT_FALSE(combo.reasons().empty());

  // Items: what Ada's two-piece wardrobe lacks, most needed first, limited.
  resp.Clear();
  req.set_type(v1::RECOMMENDATION_TYPE_ITEMS);
  req.set_limit(2);
  outfits_.Recommend(As(kAda), req, &resp);
  ASSERT_EQ(resp.recommendations_size(), 2);
  EXPECT_EQ(resp.recommendations(0).item().name(), "Versatile shoes");
  EXPECT_EQ(resp.recommendations(0).item().category(), v1::CLOTHING_CATEGORY_SHOES);
  EXPECT_EQ(resp.recommendations(1).item().category(), v1::CLOTHING_CATEGORY_OUTERWEAR);
  EXPECT_FALSE(resp.recommendations(1).item().reason().empty());
}

TEST_F(WardrobeServiceTest, RecommendationsAreTenByDefaultAndPassOverPiecesWornToday) {
  for (int i = 0; i < 14; ++i) Create(kAda, Item("top " + std::to_string(i), v1::CLOTHING_CATEGORY_TOP, "white"));
  for (int i = 0; i < 14; ++i) Create(kAda, Item("jeans " + std::to_string(i), v1::CLOTHING_CATEGORY_BOTTOM, "denim"));
  v1::RecommendRequest req;
  req.set_limit(50);
  v1::RecommendResponse all;
  outfits_.Recommend(As(kAda), req, &all);
  ASSERT_GT(all.recommendations_size(), 10) << "enough combinations to cap";
  v1::RecommendResponse capped;
  outfits_.Recommend(As(kAda), v1::RecommendRequest(), &capped);
  EXPECT_EQ(capped.recommendations_size(), 10) << "no limit means 10";

  // The piece that led is worn today: the first recommendation passes it over.
  const std::string led = capped.recommendations(0).combination().item_ids(0);
  v1::LogItemWornRequest worn;
  worn.set_item_id(led);
  *worn.mutable_worn_date() = Today();
  v1::LogItemWornResponse logged;
  items_.LogItemWorn(As(kAda), worn, &logged);
  v1::RecommendResponse after;
  outfits_.Recommend(As(kAda), v1::RecommendRequest(), &after);
  ASSERT_EQ(after.recommendations_size(), 10);
  const auto& first = after.recommendations(0).combination();
  EXPECT_EQ(std::count(first.item_ids().begin(), first.item_ids().end(), led), 0) << "worn today, yet first";
}

// Recommendations, a Style DNA computed on request and the first read that
// computes one take from the user's suggestions budget; a stored DNA read
// takes nothing.
TEST(WardrobeAiBudgetTest, RecommendationsAndStyleDnaComputationsAreBudgeted) {
  RecordingBlobStore blobs;
  FakeWardrobeStore store;
  FakePhotoStore photos;
  AiLimits limits = UnreachableAiLimits();
  limits.suggestions_per_minute = 3;
  AiQuota quota(limits);
  const wardrobe::Deps deps{blobs, store, photos, quota};
  wardrobe::OutfitService outfits(deps);
  v1::RecommendResponse recommended;
  outfits.Recommend(As(kAda), {}, &recommended);
  v1::GetStyleDnaResponse dna;
  outfits.GetStyleDna(As(kAda), {}, &dna);  // the first read computes it
  for (int i = 0; i < 3; ++i) outfits.GetStyleDna(As(kAda), {}, &dna);  // stored: free
  v1::CalculateStyleDnaResponse calculated;
  outfits.CalculateStyleDna(As(kAda), {}, &calculated);
  EXPECT_EQ(calculated.style_dna().version(), 2);
  EXPECT_EQ(ErrorOf([&] { outfits.Recommend(As(kAda), {}, &recommended); }).code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorOf([&] { outfits.CalculateStyleDna(As(kAda), {}, &calculated); }).code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorOf([&] { outfits.GetStyleDna(As(kBob), {}, &dna); }).code(), grpc::StatusCode::OK)
      << "another user's budget is their own";
}

TEST_F(WardrobeServiceTest, StyleDnaIsStoredAsVersionsAndReadOnlyByItsOwner) {
  v1::GetStyleDnaResponse got;
  // The first read computes it: an empty wardrobe's.
  outfits_.GetStyleDna(As(kAda), {}, &got);
  EXPECT_EQ(got.style_dna().version(), 1);
  EXPECT_EQ(got.style_dna().item_count(), 0);

  Create(kAda, Item("shirt", v1::CLOTHING_CATEGORY_TOP, "white"));
  Create(kBob, Item("bob's trousers", v1::CLOTHING_CATEGORY_BOTTOM, "black"));
  v1::CalculateStyleDnaResponse first;
  outfits_.CalculateStyleDna(As(kAda), {}, &first);
  EXPECT_EQ(first.style_dna().version(), 2);
  EXPECT_EQ(first.style_dna().item_count(), 1) << "Ada's items only";
  ASSERT_EQ(first.style_dna().color_palette_size(), 1);
  EXPECT_EQ(first.style_dna().color_palette(0).name(), "white");

  Create(kAda, Item("jeans", v1::CLOTHING_CATEGORY_BOTTOM, "denim"));
  v1::CalculateStyleDnaResponse second;
  outfits_.CalculateStyleDna(As(kAda), {}, &second);
  EXPECT_EQ(second.style_dna().version(), 3);
  EXPECT_EQ(second.style_dna().item_count(), 2);
  outfits_.GetStyleDna(As(kAda), {}, &got);
  EXPECT_EQ(got.style_dna().SerializeAsString(), second.style_dna().SerializeAsString());
  // Bob's first read is his own wardrobe's.
  outfits_.GetStyleDna(As(kBob), {}, &got);
  EXPECT_EQ(got.style_dna().version(), 1);
  EXPECT_EQ(got.style_dna().item_count(), 1);
  ASSERT_EQ(got.style_dna().color_palette_size(), 1);
  EXPECT_EQ(got.style_dna().color_palette(0).name(), "black");
}

}  // namespace
}  // namespace stylist::testing
