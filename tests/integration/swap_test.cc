// The swap market through a real server and PostgreSQL: listings from
// one's own items only, one active listing per item, the listing checks
// (the shipped word list included) on check, create and update, browsing
// by other users with filters and keyset pages, and seller-only changes.
#include <gtest/gtest.h>

#include <thread>

#include "common/crypto.h"
#include "server_process.h"
#include "stylist/v1/swap.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

class SwapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    swap_ = v1::SwapMarketService::NewStub(Shared().server->NewChannel());
    wardrobe_ = v1::WardrobeService::NewStub(Shared().server->NewChannel());
    ada_ = RegisterUser(*Shared().users, "swapada").tokens().access_token();
    bob_ = RegisterUser(*Shared().users, "swapbob").tokens().access_token();
  }
  std::string Item(const std::string& token, v1::ClothingCategory category, const std::string& color) {
    v1::CreateItemRequest req;
    req.mutable_item()->set_name("piece");
    req.mutable_item()->set_category(category);
    req.mutable_item()->set_primary_color(color);
    v1::CreateItemResponse resp;
    EXPECT_TRUE(wardrobe_->CreateItem(Ctx(token).get(), req, &resp).ok());
    return resp.item().item_id();
  }
  static v1::Listing Draft(const std::string& item_id, long units = 40, const std::string& currency = "EUR") {
    v1::Listing l;
    l.set_clothing_item_id(item_id);
    l.set_title("Navy wool coat");
    l.set_description("Worn twice.");
    l.mutable_price()->set_currency_code(currency);
    l.mutable_price()->set_units(units);
    l.set_size("M");
    l.set_condition(v1::LISTING_CONDITION_LIKE_NEW);
    return l;
  }
  grpc::Status Create(const std::string& token, const v1::Listing& l, v1::Listing* out = nullptr) {
    v1::CreateListingRequest req;
    *req.mutable_listing() = l;
    v1::CreateListingResponse resp;
    const auto status = swap_->CreateListing(Ctx(token).get(), req, &resp);
    if (out) *out = resp.listing();
    return status;
  }
  v1::CheckListingResponse Check(const std::string& token, const v1::Listing& l) {
    v1::CheckListingRequest req;
    *req.mutable_listing() = l;
    v1::CheckListingResponse resp;
    const auto status = swap_->CheckListing(Ctx(token).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return resp;
  }

  std::unique_ptr<v1::SwapMarketService::Stub> swap_;
  std::unique_ptr<v1::WardrobeService::Stub> wardrobe_;
  std::string ada_, bob_;
};

TEST_F(SwapTest, CheckAnswersTheSeedsShapeWithTagsAndFindsDisguisedLanguage) {
  const std::string coat = Item(ada_, v1::CLOTHING_CATEGORY_OUTERWEAR, "navy");
  auto ok = Check(ada_, Draft(coat));
  EXPECT_TRUE(ok.valid());
  EXPECT_EQ(ok.message(), "Listing processed successfully.");
  EXPECT_EQ(std::vector<std::string>(ok.suggested_tags().begin(), ok.suggested_tags().end()),
            (std::vector<std::string>{"navy", "outerwear"}));
  auto draft = Draft("");
  draft.set_title("Scunthorpe classic scarf");  // false positives pass
  EXPECT_TRUE(Check(ada_, draft).valid());
  draft.set_description("Sh1iiitty zip, otherwise fine");
  const auto bad = Check(ada_, draft);
  EXPECT_FALSE(bad.valid());
  EXPECT_EQ(std::vector<std::string>(bad.errors().begin(), bad.errors().end()),
            std::vector<std::string>{"Description contains inappropriate language."});
  // Someone else's item is no draft of yours.
  const auto foreign = Check(bob_, Draft(coat));
  EXPECT_FALSE(foreign.valid());
  EXPECT_EQ(foreign.errors(0), "The item is not one of yours.");
  EXPECT_EQ(foreign.suggested_tags_size(), 0);
}

TEST_F(SwapTest, ListingsAreMadeFromOnesOwnItemsOncePerItemAndChangedOnlyByTheSeller) {
  const std::string coat = Item(ada_, v1::CLOTHING_CATEGORY_OUTERWEAR, "navy");
  v1::Listing listed;
  ASSERT_TRUE(Create(ada_, Draft(coat), &listed).ok());
  EXPECT_EQ(listed.status(), v1::LISTING_STATUS_ACTIVE);
  EXPECT_TRUE(listed.mine());
  EXPECT_EQ(listed.category(), v1::CLOTHING_CATEGORY_OUTERWEAR);
  EXPECT_EQ(listed.price().units(), 40);
  EXPECT_EQ(Create(ada_, Draft(coat)).error_code(), StatusCode::INVALID_ARGUMENT) << "already listed";
  EXPECT_EQ(Create(bob_, Draft(coat)).error_code(), StatusCode::INVALID_ARGUMENT) << "not Bob's item";
  auto rude = Draft(Item(ada_, v1::CLOTHING_CATEGORY_TOP, "red"));
  rude.set_title("$hit shirt");
  EXPECT_EQ(Create(ada_, rude).error_code(), StatusCode::INVALID_ARGUMENT);

  // Bob sees it, not as his; he can neither change nor withdraw it.
  v1::GetListingRequest get;
  get.set_listing_id(listed.listing_id());
  v1::GetListingResponse seen;
  ASSERT_TRUE(swap_->GetListing(Ctx(bob_).get(), get, &seen).ok());
  EXPECT_FALSE(seen.listing().mine());
  v1::UpdateListingRequest update;
  *update.mutable_listing() = listed;
  update.mutable_listing()->set_title("Mine now");
  v1::UpdateListingResponse updated;
  EXPECT_EQ(swap_->UpdateListing(Ctx(bob_).get(), update, &updated).error_code(), StatusCode::NOT_FOUND);
  v1::WithdrawListingRequest withdraw;
  withdraw.set_listing_id(listed.listing_id());
  v1::WithdrawListingResponse withdrawn;
  EXPECT_EQ(swap_->WithdrawListing(Ctx(bob_).get(), withdraw, &withdrawn).error_code(), StatusCode::NOT_FOUND);

  // Ada's update passes the same checks.
  update.mutable_listing()->set_title("Ass-kicking coat");
  EXPECT_EQ(swap_->UpdateListing(Ctx(ada_).get(), update, &updated).error_code(), StatusCode::INVALID_ARGUMENT);
  update.mutable_listing()->set_title("Navy wool coat, size M");
  update.mutable_listing()->mutable_price()->set_units(35);
  ASSERT_TRUE(swap_->UpdateListing(Ctx(ada_).get(), update, &updated).ok());
  EXPECT_EQ(updated.listing().title(), "Navy wool coat, size M");
  EXPECT_EQ(updated.listing().price().units(), 35);
  EXPECT_EQ(updated.listing().clothing_item_id(), coat);
  // With a mask, only the named fields change: here the description is
  // cleared, the title sent alongside ignored. What a listing keeps from
  // its creation may not be named.
  v1::UpdateListingRequest masked;
  masked.mutable_listing()->set_listing_id(listed.listing_id());
  masked.mutable_listing()->set_title("Not in the mask");
  masked.mutable_update_mask()->add_paths("description");
  ASSERT_TRUE(swap_->UpdateListing(Ctx(ada_).get(), masked, &updated).ok());
  EXPECT_EQ(updated.listing().description(), "");
  EXPECT_EQ(updated.listing().title(), "Navy wool coat, size M");
  EXPECT_EQ(updated.listing().price().units(), 35);
  masked.mutable_update_mask()->add_paths("tags");
  EXPECT_EQ(swap_->UpdateListing(Ctx(ada_).get(), masked, &updated).error_code(), StatusCode::INVALID_ARGUMENT);

  // Withdrawn: gone for Bob, kept for Ada, and the item may be listed again.
  ASSERT_TRUE(swap_->WithdrawListing(Ctx(ada_).get(), withdraw, &withdrawn).ok());
  EXPECT_EQ(withdrawn.listing().status(), v1::LISTING_STATUS_WITHDRAWN);
  EXPECT_EQ(swap_->GetListing(Ctx(bob_).get(), get, &seen).error_code(), StatusCode::NOT_FOUND);
  ASSERT_TRUE(swap_->GetListing(Ctx(ada_).get(), get, &seen).ok());
  EXPECT_EQ(swap_->UpdateListing(Ctx(ada_).get(), update, &updated).error_code(), StatusCode::FAILED_PRECONDITION);
  v1::Listing again;
  ASSERT_TRUE(Create(ada_, Draft(coat), &again).ok());

  // Deleting the item takes its listings with it.
  v1::DeleteItemRequest del;
  del.set_item_id(coat);
  v1::DeleteItemResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(ada_).get(), del, &deleted).ok());
  get.set_listing_id(again.listing_id());
  EXPECT_EQ(swap_->GetListing(Ctx(ada_).get(), get, &seen).error_code(), StatusCode::NOT_FOUND);
}

// Two masked updates at once, each of one field: neither undoes the other.
// One may be ABORTED (the listing changed while it ran; the client reads
// again); every one that succeeded is in the listing afterwards.
TEST_F(SwapTest, ConcurrentUpdatesOfDifferentFieldsLoseNothing) {
  v1::Listing listed;
  ASSERT_TRUE(Create(ada_, Draft(Item(ada_, v1::CLOTHING_CATEGORY_OUTERWEAR, "navy")), &listed).ok());
  int aborted = 0;
  for (int round = 1; round <= 20; ++round) {
    v1::UpdateListingRequest title, price;
    title.mutable_listing()->set_listing_id(listed.listing_id());
    title.mutable_listing()->set_title("Navy coat, round " + std::to_string(round));
    title.mutable_update_mask()->add_paths("title");
    price.mutable_listing()->set_listing_id(listed.listing_id());
    price.mutable_listing()->mutable_price()->set_currency_code("EUR");
    price.mutable_listing()->mutable_price()->set_units(100 + round);
    price.mutable_update_mask()->add_paths("price");
    grpc::Status title_status, price_status;
    v1::UpdateListingResponse title_resp, price_resp;
    std::thread other([&] { price_status = swap_->UpdateListing(Ctx(ada_).get(), price, &price_resp); });
    title_status = swap_->UpdateListing(Ctx(ada_).get(), title, &title_resp);
    other.join();
    for (const auto* status : {&title_status, &price_status}) {
      if (status->error_code() == StatusCode::ABORTED) {
        ++aborted;
      } else {
        ASSERT_TRUE(status->ok()) << Describe(*status);
      }
    }
    v1::GetListingRequest get;
    get.set_listing_id(listed.listing_id());
    v1::GetListingResponse now;
    ASSERT_TRUE(swap_->GetListing(Ctx(ada_).get(), get, &now).ok());
    if (title_status.ok()) {
      EXPECT_EQ(now.listing().title(), title.listing().title()) << "round " << round;
    }
    if (price_status.ok()) {
      EXPECT_EQ(now.listing().price().units(), 100 + round) << "round " << round;
    }
  }
  RecordProperty("aborted", aborted);
}

TEST_F(SwapTest, BrowsingFiltersByCategorySizeAndPriceInPages) {
  // A seller of their own with four listings (others' tests list too).
  const std::string seller = RegisterUser(*Shared().users, "swapseller").tokens().access_token();
  const std::string size = "SZ-" + crypto::ToHex(crypto::RandomBytes(4));  // only this run's listings
  for (const auto& [category, units, currency] :
       std::vector<std::tuple<v1::ClothingCategory, long, std::string>>{{v1::CLOTHING_CATEGORY_TOP, 10, "EUR"},
                                                                         {v1::CLOTHING_CATEGORY_TOP, 30, "EUR"},
                                                                         {v1::CLOTHING_CATEGORY_TOP, 30, "GBP"},
                                                                         {v1::CLOTHING_CATEGORY_SHOES, 20, "EUR"}}) {
    auto draft = Draft(Item(seller, category, "white"), units, currency);
    draft.set_size(size);
    ASSERT_TRUE(Create(seller, draft).ok());
  }
  v1::ListListingsRequest req;
  req.set_size("sz-" + size.substr(3));  // sizes match without case
  req.set_category(v1::CLOTHING_CATEGORY_TOP);
  req.mutable_min_price()->set_currency_code("EUR");
  req.mutable_min_price()->set_units(10);
  req.mutable_max_price()->set_currency_code("EUR");
  req.mutable_max_price()->set_units(30);
  req.set_page_size(1);
  std::vector<long> prices;
  std::string token;
  for (int page = 0; page < 5; ++page) {
    req.set_page_token(token);
    v1::ListListingsResponse resp;
    const auto status = swap_->ListListings(Ctx(bob_).get(), req, &resp);
    ASSERT_TRUE(status.ok()) << Describe(status);
    for (const auto& l : resp.listings()) {
      prices.push_back(l.price().units());
      EXPECT_FALSE(l.mine());
    }
    token = resp.next_page_token();
    if (token.empty()) break;
  }
  EXPECT_EQ(prices, (std::vector<long>{30, 10})) << "newest first, EUR tops between 10 and 30";
  // A page token is bound to its filters.
  v1::ListListingsResponse first;
  req.set_page_token("");
  ASSERT_TRUE(swap_->ListListings(Ctx(bob_).get(), req, &first).ok());
  req.set_page_token(first.next_page_token());
  req.set_category(v1::CLOTHING_CATEGORY_SHOES);
  v1::ListListingsResponse other;
  EXPECT_EQ(swap_->ListListings(Ctx(bob_).get(), req, &other).error_code(), StatusCode::INVALID_ARGUMENT);
  // Bounds in two currencies are refused.
  req.set_page_token("");
  req.mutable_max_price()->set_currency_code("GBP");
  EXPECT_EQ(swap_->ListListings(Ctx(bob_).get(), req, &other).error_code(), StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace stylist::testing
