// WardrobeService through a real server: items, filters and pages,
// outfits and wear log, sync cursors, and owner scoping.
#include <gtest/gtest.h>

#include <google/protobuf/util/message_differencer.h>

#include <thread>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "server_process.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

class WardrobeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wardrobe_ = v1::WardrobeService::NewStub(Shared().server->NewChannel());
    const auto registered = RegisterUser(*Shared().users, "wr");
    token_ = registered.tokens().access_token();
    user_id_ = registered.profile().user_id();
  }

  v1::ClothingItem Create(const std::string& name, v1::ClothingCategory category = v1::CLOTHING_CATEGORY_TOP,
                          const std::string& token = "") {
    v1::CreateItemRequest req;
    req.mutable_item()->set_name(name);
    req.mutable_item()->set_category(category);
    v1::CreateItemResponse resp;
    const auto status = wardrobe_->CreateItem(Ctx(token.empty() ? token_ : token).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return resp.item();
  }

  std::vector<std::string> Names(const v1::ListItemsRequest& req) {
    v1::ListItemsResponse resp;
    const auto status = wardrobe_->ListItems(Ctx(token_).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    std::vector<std::string> names;
    for (const auto& i : resp.items()) names.push_back(i.name());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::unique_ptr<v1::WardrobeService::Stub> wardrobe_;
  std::string token_;
  std::string user_id_;
};

TEST_F(WardrobeTest, StyleDnaIsStoredRefreshedAfterChangesExportedAndOwnersOnly) {
  Create("white shirt");
  // The first read computes it, once for two readers at once.
  v1::GetStyleDnaResponse got, alongside;
  grpc::Status alongside_status;
  std::thread reader([&] { alongside_status = wardrobe_->GetStyleDna(Ctx(token_).get(), {}, &alongside); });
  const auto first_status = wardrobe_->GetStyleDna(Ctx(token_).get(), {}, &got);
  reader.join();
  ASSERT_TRUE(first_status.ok()) << Describe(first_status);
  ASSERT_TRUE(alongside_status.ok()) << Describe(alongside_status);
  EXPECT_EQ(got.style_dna().version(), 1);
  EXPECT_EQ(alongside.style_dna().version(), 1) << "computed once";
  EXPECT_EQ(got.style_dna().item_count(), 1);
  const std::string jobs_of_user = "SELECT string_agg(status, ',' ORDER BY id) FROM analysis_jobs "
                                   "WHERE kind = 'style_dna' AND user_id = '" + user_id_ + "'";
  v1::CalculateStyleDnaResponse first;
  const auto status = wardrobe_->CalculateStyleDna(Ctx(token_).get(), {}, &first);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(first.style_dna().version(), 2);
  EXPECT_EQ(first.style_dna().item_count(), 1);
  EXPECT_GT(first.style_dna().compute_time().seconds(), 0);
  ASSERT_TRUE(wardrobe_->GetStyleDna(Ctx(token_).get(), {}, &got).ok());
  EXPECT_EQ(got.style_dna().SerializeAsString(), first.style_dna().SerializeAsString());

  // Another user's first read is their own (empty) wardrobe's, never this one.
  const std::string other = RegisterUser(*Shared().users, "wrdna").tokens().access_token();
  ASSERT_TRUE(wardrobe_->GetStyleDna(Ctx(other).get(), {}, &got).ok());
  EXPECT_EQ(got.style_dna().version(), 1);
  EXPECT_EQ(got.style_dna().item_count(), 0);

  // Two quick changes: recomputed once in the background by a job of the
  // analysis queue, after they settle.
  EXPECT_EQ(Shared().db.QueryValue(jobs_of_user), "") << "nothing changed yet";
  Create("jeans", v1::CLOTHING_CATEGORY_BOTTOM);
  Create("loafers", v1::CLOTHING_CATEGORY_SHOES);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  std::string jobs;
  while (std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(wardrobe_->GetStyleDna(Ctx(token_).get(), {}, &got).ok());
    jobs = Shared().db.QueryValue(jobs_of_user);
    if (got.style_dna().item_count() == 3 && jobs.find("queued") == std::string::npos &&
        jobs.find("running") == std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(got.style_dna().item_count(), 3) << "recomputed after the wardrobe changed";
  // Usually one job and one recomputation for both (they settle together);
  // a loaded machine may run the first before the second arrives.
  EXPECT_GE(got.style_dna().version(), 3);
  EXPECT_TRUE(jobs == "done" || jobs == "done,done") << jobs;
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM style_dna WHERE stale_since IS NOT NULL AND user_id = '" +
                                   user_id_ + "'"),
            "0");

  // In the data export.
  v1::ExportMyDataResponse exported;
  ASSERT_TRUE(Shared().users->ExportMyData(Ctx(token_).get(), v1::ExportMyDataRequest(), &exported).ok());
  ASSERT_TRUE(exported.data().fields().count("style_dna"));
  const auto& dna = exported.data().fields().at("style_dna").struct_value().fields();
  ASSERT_TRUE(dna.count("version") && dna.count("item_count") && dna.count("summary"));
  EXPECT_EQ(dna.at("version").number_value(), got.style_dna().version());
  EXPECT_EQ(dna.at("item_count").number_value(), 3);
}

TEST_F(WardrobeTest, ItemLifecycle) {
  v1::CreateItemRequest create;
  auto* item = create.mutable_item();
  item->set_name("  Navy blazer ");
  item->set_category(v1::CLOTHING_CATEGORY_OUTERWEAR);
  item->set_primary_color("Navy");
  item->add_seasons(v1::SEASON_AUTUMN);
  item->add_occasions("Work");
  item->set_formality(v1::FORMALITY_BUSINESS);
  item->set_brand("Tailor & Co");
  item->mutable_price()->set_currency_code("eur");
  item->mutable_price()->set_units(149);
  item->mutable_purchase_date()->set_year(2024);
  item->mutable_purchase_date()->set_month(2);
  item->mutable_purchase_date()->set_day(29);
  item->add_tags("wool");
  item->set_wear_count(99);  // read-only: ignored
  v1::CreateItemResponse created;
  auto status = wardrobe_->CreateItem(Ctx(token_).get(), create, &created);
  ASSERT_TRUE(status.ok()) << Describe(status);
  const auto& c = created.item();
  EXPECT_EQ(c.name(), "Navy blazer");
  EXPECT_EQ(c.primary_color(), "navy");
  EXPECT_EQ(c.occasions(0), "work");
  EXPECT_EQ(c.price().currency_code(), "EUR");
  EXPECT_EQ(c.purchase_date().day(), 29);
  EXPECT_EQ(c.wear_count(), 0);
  EXPECT_EQ(c.analysis_status(), v1::ITEM_ANALYSIS_STATUS_NO_PHOTO);
  EXPECT_TRUE(c.has_create_time());

  v1::UpdateItemRequest update;
  update.mutable_item()->set_item_id(c.item_id());
  update.mutable_item()->add_tags("lined");
  update.mutable_item()->set_favorite(true);
  update.mutable_item()->set_name("ignored, not in mask");
  update.mutable_update_mask()->add_paths("tags");
  update.mutable_update_mask()->add_paths("favorite");
  v1::UpdateItemResponse updated;
  status = wardrobe_->UpdateItem(Ctx(token_).get(), update, &updated);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(updated.item().name(), "Navy blazer");
  ASSERT_EQ(updated.item().tags_size(), 1);
  EXPECT_EQ(updated.item().tags(0), "lined");
  EXPECT_TRUE(updated.item().favorite());
  EXPECT_EQ(updated.item().brand(), "Tailor & Co");

  v1::GetItemRequest get;
  get.set_item_id(c.item_id());
  v1::GetItemResponse got;
  ASSERT_TRUE(wardrobe_->GetItem(Ctx(token_).get(), get, &got).ok());
  EXPECT_TRUE(got.item().favorite());

  v1::DeleteItemRequest del;
  del.set_item_id(c.item_id());
  v1::DeleteItemResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).ok());
  EXPECT_EQ(wardrobe_->GetItem(Ctx(token_).get(), get, &got).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).error_code(), StatusCode::NOT_FOUND);
}

// A list caches each item it built from the columns as a message in its row
// (migration 0019) and reads that the next time; every write of the row,
// through the API or by hand, drops it, so a list never shows a stale item.
TEST_F(WardrobeTest, ListedItemsAreCachedAndEveryWriteDropsTheCache) {
  const auto coat = Create("coat", v1::CLOTHING_CATEGORY_OUTERWEAR);
  const auto scarf = Create("scarf", v1::CLOTHING_CATEGORY_ACCESSORY);
  const std::string ids = "('" + coat.item_id() + "', '" + scarf.item_id() + "')";
  auto cached = [&] {
    return Shared().db.QueryValue("SELECT count(item_pb)::text FROM clothing_items WHERE id IN " + ids);
  };
  auto list = [&] {
    v1::ListItemsResponse resp;
    const auto status = wardrobe_->ListItems(Ctx(token_).get(), v1::ListItemsRequest(), &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return resp;
  };
  EXPECT_EQ(cached(), "0");
  const v1::ListItemsResponse from_columns = list();
  EXPECT_EQ(cached(), "2");
  const v1::ListItemsResponse from_cache = list();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(from_columns, from_cache))
      << from_columns.DebugString() << "\n" << from_cache.DebugString();

  v1::UpdateItemRequest update;
  update.mutable_item()->set_item_id(coat.item_id());
  update.mutable_item()->set_name("wool coat");
  update.mutable_update_mask()->add_paths("name");
  v1::UpdateItemResponse updated;
  ASSERT_TRUE(wardrobe_->UpdateItem(Ctx(token_).get(), update, &updated).ok());
  EXPECT_EQ(cached(), "1");
  v1::LogItemWornRequest worn;
  worn.set_item_id(scarf.item_id());
  v1::LogItemWornResponse worn_resp;
  ASSERT_TRUE(wardrobe_->LogItemWorn(Ctx(token_).get(), worn, &worn_resp).ok());
  EXPECT_EQ(cached(), "0");
  auto shown = [&](const v1::ListItemsResponse& resp, const std::string& id) {
    for (const auto& i : resp.items()) {
      if (i.item_id() == id) return i;
    }
    ADD_FAILURE() << id << " not listed";
    return v1::ClothingItem();
  };
  v1::ListItemsResponse after = list();
  EXPECT_EQ(shown(after, coat.item_id()).name(), "wool coat");
  EXPECT_EQ(shown(after, scarf.item_id()).wear_count(), 1);
  EXPECT_EQ(cached(), "2");

  // A write that knows nothing of the cache (an older replica, a fix by hand).
  Shared().db.QueryValue("UPDATE clothing_items SET notes = 'mended by hand' WHERE id = '" + coat.item_id() +
                         "' RETURNING id");
  EXPECT_EQ(cached(), "1");
  after = list();
  EXPECT_EQ(shown(after, coat.item_id()).notes(), "mended by hand");
  EXPECT_EQ(shown(list(), coat.item_id()).notes(), "mended by hand");

  // A message built by another version of the code is not used but
  // replaced, and one that cannot be decoded fails nothing.
  const std::string coat_row = " WHERE id = '" + coat.item_id() + "'";
  Shared().db.QueryValue("UPDATE clothing_items SET item_pb_codec = 0" + coat_row + " RETURNING id");
  EXPECT_EQ(shown(list(), coat.item_id()).notes(), "mended by hand");
  EXPECT_EQ(Shared().db.QueryValue("SELECT item_pb_codec::text FROM clothing_items" + coat_row), "1");
  Shared().db.QueryValue("UPDATE clothing_items SET item_pb = '\\xffffffff'" + coat_row + " RETURNING id");
  EXPECT_EQ(shown(list(), coat.item_id()).name(), "wool coat");
  const v1::ListItemsResponse repaired = list();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(shown(repaired, coat.item_id()),
                                                                 shown(after, coat.item_id())));
}

TEST_F(WardrobeTest, BadItemsAreRefusedFieldByField) {
  v1::CreateItemRequest req;
  auto* item = req.mutable_item();
  item->set_name(std::string(300, 'n'));
  item->set_category(static_cast<v1::ClothingCategory>(999));
  item->mutable_price()->set_currency_code("EURO");
  item->mutable_purchase_date()->set_year(2023);
  item->mutable_purchase_date()->set_month(2);
  item->mutable_purchase_date()->set_day(30);
  for (int i = 0; i < 31; ++i) item->add_tags("t" + std::to_string(i));
  item->add_seasons(v1::SEASON_UNSPECIFIED);
  v1::CreateItemResponse resp;
  const auto status = wardrobe_->CreateItem(Ctx(token_).get(), req, &resp);
  ASSERT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  const auto fields = ViolatedFields(status);
  for (const char* f : {"item.name", "item.category", "item.price.currency_code", "item.purchase_date",
                        "item.tags", "item.seasons[0]"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
  v1::CreateItemRequest future;
  future.mutable_item()->mutable_purchase_date()->set_year(2999);
  future.mutable_item()->mutable_purchase_date()->set_month(1);
  future.mutable_item()->mutable_purchase_date()->set_day(1);
  EXPECT_EQ(wardrobe_->CreateItem(Ctx(token_).get(), future, &resp).error_code(), StatusCode::INVALID_ARGUMENT);

  v1::GetItemRequest get;
  get.set_item_id("1; DROP TABLE clothing_items");
  v1::GetItemResponse got;
  EXPECT_EQ(wardrobe_->GetItem(Ctx(token_).get(), get, &got).error_code(), StatusCode::INVALID_ARGUMENT);

  v1::UpdateItemRequest read_only;
  read_only.mutable_item()->set_item_id(Create("x").item_id());
  read_only.mutable_update_mask()->add_paths("wear_count");
  v1::UpdateItemResponse updated;
  EXPECT_EQ(wardrobe_->UpdateItem(Ctx(token_).get(), read_only, &updated).error_code(),
            StatusCode::INVALID_ARGUMENT);
}

TEST_F(WardrobeTest, OtherUsersItemsAreInvisible) {
  const auto mine = Create("mine");
  const std::string other = RegisterUser(*Shared().users, "wr_other").tokens().access_token();
  v1::GetItemRequest get;
  get.set_item_id(mine.item_id());
  v1::GetItemResponse got;
  EXPECT_EQ(wardrobe_->GetItem(Ctx(other).get(), get, &got).error_code(), StatusCode::NOT_FOUND);
  v1::UpdateItemRequest update;
  update.mutable_item()->set_item_id(mine.item_id());
  update.mutable_item()->set_name("stolen");
  update.mutable_update_mask()->add_paths("name");
  v1::UpdateItemResponse updated;
  EXPECT_EQ(wardrobe_->UpdateItem(Ctx(other).get(), update, &updated).error_code(), StatusCode::NOT_FOUND);
  v1::DeleteItemRequest del;
  del.set_item_id(mine.item_id());
  v1::DeleteItemResponse deleted;
  EXPECT_EQ(wardrobe_->DeleteItem(Ctx(other).get(), del, &deleted).error_code(), StatusCode::NOT_FOUND);
  v1::LogItemWornRequest worn;
  worn.set_item_id(mine.item_id());
  v1::LogItemWornResponse wresp;
  EXPECT_EQ(wardrobe_->LogItemWorn(Ctx(other).get(), worn, &wresp).error_code(), StatusCode::NOT_FOUND);
  v1::CreateOutfitRequest outfit;
  outfit.mutable_outfit()->add_item_ids(mine.item_id());
  v1::CreateOutfitResponse oresp;
  const auto status = wardrobe_->CreateOutfit(Ctx(other).get(), outfit, &oresp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"outfit.item_ids[0]"});
  v1::ListItemsResponse listed;
  ASSERT_TRUE(wardrobe_->ListItems(Ctx(other).get(), {}, &listed).ok());
  EXPECT_EQ(listed.items_size(), 0);
  ASSERT_TRUE(wardrobe_->GetItem(Ctx(token_).get(), get, &got).ok());
  EXPECT_EQ(got.item().name(), "mine");
}

TEST_F(WardrobeTest, ListFilters) {
  auto make = [&](const std::string& name, v1::ClothingCategory cat, const std::string& primary,
                  const std::string& secondary, v1::Season season, const std::string& occasion, bool favorite,
                  const std::string& tag, const std::string& brand) {
    v1::CreateItemRequest req;
    auto* i = req.mutable_item();
    i->set_name(name);
    i->set_category(cat);
    i->set_primary_color(primary);
    i->set_secondary_color(secondary);
    if (season) i->add_seasons(season);
    if (!occasion.empty()) i->add_occasions(occasion);
    i->set_favorite(favorite);
    if (!tag.empty()) i->add_tags(tag);
    i->set_brand(brand);
    v1::CreateItemResponse resp;
    ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), req, &resp).ok());
  };
  make("Red tee", v1::CLOTHING_CATEGORY_TOP, "red", "white", v1::SEASON_SUMMER, "casual", true, "cotton", "Basics");
  make("Blue jeans", v1::CLOTHING_CATEGORY_BOTTOM, "blue", "", v1::SEASON_AUTUMN, "casual", false, "denim", "Levi's");
  make("White shirt", v1::CLOTHING_CATEGORY_TOP, "white", "", v1::SEASON_SPRING, "work", false, "cotton", "100% Linen");
  make("Boots", v1::CLOTHING_CATEGORY_SHOES, "brown", "", v1::SEASON_WINTER, "", true, "leather", "Dr M");

  v1::ListItemsRequest req;
  EXPECT_EQ(Names(req).size(), 4u);
  req.set_category(v1::CLOTHING_CATEGORY_TOP);
  EXPECT_EQ(Names(req), (std::vector<std::string>{"Red tee", "White shirt"}));
  req = {};
  req.set_color(" WHITE ");
  EXPECT_EQ(Names(req), (std::vector<std::string>{"Red tee", "White shirt"}));
  req = {};
  req.set_season(v1::SEASON_WINTER);
  EXPECT_EQ(Names(req), std::vector<std::string>{"Boots"});
  req = {};
  req.set_occasion("Casual");
  EXPECT_EQ(Names(req), (std::vector<std::string>{"Blue jeans", "Red tee"}));
  req = {};
  req.set_favorite(true);
  EXPECT_EQ(Names(req), (std::vector<std::string>{"Boots", "Red tee"}));
  req.set_favorite(false);
  EXPECT_EQ(Names(req), (std::vector<std::string>{"Blue jeans", "White shirt"}));
  req = {};
  req.set_tag("cotton");
  EXPECT_EQ(Names(req), (std::vector<std::string>{"Red tee", "White shirt"}));
  req = {};
  req.set_query("LEATH");  // tag
  EXPECT_EQ(Names(req), std::vector<std::string>{"Boots"});
  req.set_query("levi");  // brand
  EXPECT_EQ(Names(req), std::vector<std::string>{"Blue jeans"});
  req.set_query("100%");  // the % is literal, not a wildcard
  EXPECT_EQ(Names(req), std::vector<std::string>{"White shirt"});
  req.set_query("0%");
  EXPECT_EQ(Names(req), std::vector<std::string>{"White shirt"});
  req.set_query("_");
  EXPECT_TRUE(Names(req).empty());
  v1::CreateItemRequest detailed;
  detailed.mutable_item()->set_name("Loafers");
  detailed.mutable_item()->set_subcategory("penny loafers");
  detailed.mutable_item()->set_notes("Resoled in spring");
  v1::CreateItemResponse made;
  ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), detailed, &made).ok());
  req.set_query("PENNY");  // subcategory
  EXPECT_EQ(Names(req), std::vector<std::string>{"Loafers"});
  req.set_query("resoled");  // notes
  EXPECT_EQ(Names(req), std::vector<std::string>{"Loafers"});

  v1::ListItemsRequest bad;
  bad.set_order_by("price; DROP TABLE users");
  v1::ListItemsResponse resp;
  const auto status = wardrobe_->ListItems(Ctx(token_).get(), bad, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"order_by"});
}

TEST_F(WardrobeTest, ControlCharactersInAnyTextFieldAreRefusedByName) {
  v1::CreateItemRequest nul;
  nul.mutable_item()->set_name(std::string("Blue\0shirt", 10));
  v1::CreateItemResponse created;
  auto status = wardrobe_->CreateItem(Ctx(token_).get(), nul, &created);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << Describe(status);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"item.name"});

  v1::CreateItemRequest tagged;
  tagged.mutable_item()->set_name("Blue shirt");
  tagged.mutable_item()->add_tags("casual");
  tagged.mutable_item()->add_tags("bell\x07");
  status = wardrobe_->CreateItem(Ctx(token_).get(), tagged, &created);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << Describe(status);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"item.tags[1]"});

  v1::ListItemsRequest query;
  query.set_query(std::string("shirt\0", 6));
  v1::ListItemsResponse list;
  status = wardrobe_->ListItems(Ctx(token_).get(), query, &list);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << Describe(status);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"query"});

  // Newlines and tabs are text.
  v1::CreateItemRequest notes;
  notes.mutable_item()->set_name("Blue shirt");
  notes.mutable_item()->set_notes("Wash cold\n\tno tumble dry");
  EXPECT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), notes, &created).ok());
  EXPECT_EQ(created.item().notes(), "Wash cold\n\tno tumble dry");
}

TEST_F(WardrobeTest, AForgedPageTokenIsInvalidArgumentNotAServerError) {
  for (int i = 0; i < 3; ++i) Create("p" + std::to_string(i));
  v1::ListItemsRequest first;
  first.set_page_size(1);
  first.set_order_by("name");
  v1::ListItemsResponse page;
  ASSERT_TRUE(wardrobe_->ListItems(Ctx(token_).get(), first, &page).ok());
  const std::string real = page.next_page_token();
  ASSERT_FALSE(real.empty());
  const auto dot = real.rfind('.');
  ASSERT_NE(dot, std::string::npos);
  std::string payload;
  ASSERT_TRUE(crypto::Base64UrlDecode(real.substr(0, dot), &payload));
  // A client's own positions, of the wrong types for the SQL they would
  // reach: unsigned (the format before tokens were signed), and with the
  // real token's signature.
  for (const std::string& forged_json :
       {std::string(R"({"l":)") + nlohmann::json::parse(payload)["l"].dump() + R"(,"p":{"k":[1,2],"id":"x'; --"}})",
        std::string(R"({"l":)") + nlohmann::json::parse(payload)["l"].dump() + R"(,"p":{"t":"now","id":42}})"}) {
    const std::string forged = crypto::Base64UrlEncode(forged_json);
    for (const std::string& token : {forged, forged + real.substr(dot)}) {
      v1::ListItemsRequest req = first;
      req.set_page_token(token);
      v1::ListItemsResponse resp;
      const auto status = wardrobe_->ListItems(Ctx(token_).get(), req, &resp);
      EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << token << ": " << Describe(status);
      EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"}) << token;
    }
  }
  // The real one still works.
  v1::ListItemsRequest next = first;
  next.set_page_token(real);
  EXPECT_TRUE(wardrobe_->ListItems(Ctx(token_).get(), next, &page).ok());
}

TEST_F(WardrobeTest, PagesAreStableWhileItemsChange) {
  for (int i = 0; i < 25; ++i) {
    char name[8];
    std::snprintf(name, sizeof name, "i%02d", i);
    Create(name);
  }
  for (const std::string order : {"name", "name desc", "create_time desc", "create_time", "wear_count desc",
                                  "update_time", "purchase_date", "purchase_date desc", "last_worn_date"}) {
    std::vector<std::string> seen;
    std::string token;
    int pages = 0;
    do {
      v1::ListItemsRequest req;
      req.set_page_size(7);
      req.set_order_by(order);
      req.set_page_token(token);
      v1::ListItemsResponse resp;
      const auto status = wardrobe_->ListItems(Ctx(token_).get(), req, &resp);
      ASSERT_TRUE(status.ok()) << order << ": " << Describe(status);
      EXPECT_GE(resp.total_size(), 25);
      for (const auto& i : resp.items()) seen.push_back(i.name());
      // Rows added mid-listing must not shift what is still to come.
      if (pages == 1 && order == "name") Create("a-new-first");
      token = resp.next_page_token();
      ++pages;
    } while (!token.empty() && pages < 20);
    std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << order << ": a row appeared twice";
    for (int i = 0; i < 25; ++i) {
      char name[8];
      std::snprintf(name, sizeof name, "i%02d", i);
      EXPECT_TRUE(unique.count(name)) << order << ": " << name << " was skipped";
    }
    if (order == "name") {
      EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    }
  }
  // A token belongs to its own filters and order.
  v1::ListItemsRequest first;
  first.set_page_size(5);
  first.set_order_by("name");
  v1::ListItemsResponse resp;
  ASSERT_TRUE(wardrobe_->ListItems(Ctx(token_).get(), first, &resp).ok());
  v1::ListItemsRequest other;
  other.set_page_token(resp.next_page_token());
  other.set_order_by("create_time");
  EXPECT_EQ(wardrobe_->ListItems(Ctx(token_).get(), other, &resp).error_code(), StatusCode::INVALID_ARGUMENT);
}

// total_size counts every match of the filters (not just the page), on every
// page, and also on a page that comes back empty.
TEST_F(WardrobeTest, TotalSizeCountsEveryMatchOnEveryPage) {
  Create("t1");
  Create("t2");
  const auto t3 = Create("t3");
  Create("b1", v1::CLOTHING_CATEGORY_BOTTOM);
  Create("b2", v1::CLOTHING_CATEGORY_BOTTOM);
  v1::ListItemsRequest req;
  req.set_category(v1::CLOTHING_CATEGORY_TOP);
  req.set_page_size(2);
  req.set_order_by("name");
  v1::ListItemsResponse first;
  ASSERT_TRUE(wardrobe_->ListItems(Ctx(token_).get(), req, &first).ok());
  EXPECT_EQ(first.items_size(), 2);
  EXPECT_EQ(first.total_size(), 3);
  // The rest of the list goes away before the next page is asked for.
  v1::DeleteItemRequest del;
  del.set_item_id(t3.item_id());
  v1::DeleteItemResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).ok());
  req.set_page_token(first.next_page_token());
  v1::ListItemsResponse second;
  ASSERT_TRUE(wardrobe_->ListItems(Ctx(token_).get(), req, &second).ok());
  EXPECT_EQ(second.items_size(), 0);
  EXPECT_EQ(second.total_size(), 2);
  EXPECT_TRUE(second.next_page_token().empty());

  v1::ListItemsRequest all;
  v1::ListItemsResponse everything;
  ASSERT_TRUE(wardrobe_->ListItems(Ctx(token_).get(), all, &everything).ok());
  EXPECT_EQ(everything.total_size(), 4);
  EXPECT_EQ(everything.items_size(), 4);
}

TEST_F(WardrobeTest, OutfitsAndWearLog) {
  const auto top = Create("Top");
  const auto pants = Create("Pants", v1::CLOTHING_CATEGORY_BOTTOM);
  const auto shoes = Create("Shoes", v1::CLOTHING_CATEGORY_SHOES);
  v1::CreateOutfitRequest create;
  create.mutable_outfit()->set_name("Office");
  create.mutable_outfit()->add_item_ids(top.item_id());
  create.mutable_outfit()->add_item_ids(pants.item_id());
  v1::CreateOutfitResponse created;
  auto status = wardrobe_->CreateOutfit(Ctx(token_).get(), create, &created);
  ASSERT_TRUE(status.ok()) << Describe(status);
  const std::string outfit_id = created.outfit().outfit_id();
  EXPECT_EQ(created.outfit().item_ids_size(), 2);
  EXPECT_EQ(created.outfit().source(), v1::OUTFIT_SOURCE_USER);

  v1::CreateOutfitRequest dup;
  dup.mutable_outfit()->add_item_ids(top.item_id());
  dup.mutable_outfit()->add_item_ids(top.item_id());
  EXPECT_EQ(wardrobe_->CreateOutfit(Ctx(token_).get(), dup, &created).error_code(), StatusCode::INVALID_ARGUMENT);

  v1::WearOutfitRequest wear;
  wear.set_outfit_id(outfit_id);
  wear.mutable_worn_date()->set_year(2026);
  wear.mutable_worn_date()->set_month(11);
  wear.mutable_worn_date()->set_day(2);
  v1::WearOutfitResponse worn;
  status = wardrobe_->WearOutfit(Ctx(token_).get(), wear, &worn);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(worn.outfit().wear_count(), 1);
  EXPECT_EQ(worn.wear_events_size(), 2);
  v1::LogItemWornRequest log;
  log.set_item_id(top.item_id());
  log.mutable_worn_date()->set_year(2026);
  log.mutable_worn_date()->set_month(10);
  log.mutable_worn_date()->set_day(1);
  v1::LogItemWornResponse logged;
  ASSERT_TRUE(wardrobe_->LogItemWorn(Ctx(token_).get(), log, &logged).ok());
  EXPECT_EQ(logged.item().wear_count(), 2);
  // An older wear does not move the last worn date back.
  EXPECT_EQ(logged.item().last_worn_date().month(), 11);

  v1::ListWearEventsRequest events;
  events.set_item_id(top.item_id());
  v1::ListWearEventsResponse listed;
  ASSERT_TRUE(wardrobe_->ListWearEvents(Ctx(token_).get(), events, &listed).ok());
  ASSERT_EQ(listed.wear_events_size(), 2);
  EXPECT_EQ(listed.wear_events(0).worn_date().month(), 11);  // newest first
  EXPECT_EQ(listed.wear_events(0).outfit_id(), outfit_id);

  v1::UpdateOutfitRequest update;
  update.mutable_outfit()->set_outfit_id(outfit_id);
  update.mutable_outfit()->add_item_ids(top.item_id());
  update.mutable_outfit()->add_item_ids(shoes.item_id());
  update.mutable_update_mask()->add_paths("item_ids");
  v1::UpdateOutfitResponse updated;
  ASSERT_TRUE(wardrobe_->UpdateOutfit(Ctx(token_).get(), update, &updated).ok());
  EXPECT_EQ(updated.outfit().item_ids(1), shoes.item_id());

  v1::DeleteItemRequest del;
  del.set_item_id(shoes.item_id());
  v1::DeleteItemResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).ok());
  v1::GetOutfitRequest get;
  get.set_outfit_id(outfit_id);
  v1::GetOutfitResponse got;
  ASSERT_TRUE(wardrobe_->GetOutfit(Ctx(token_).get(), get, &got).ok());
  EXPECT_EQ(got.outfit().item_ids_size(), 1);

  v1::ListOutfitsRequest by_item;
  by_item.set_item_id(top.item_id());
  v1::ListOutfitsResponse outfits;
  ASSERT_TRUE(wardrobe_->ListOutfits(Ctx(token_).get(), by_item, &outfits).ok());
  EXPECT_EQ(outfits.outfits_size(), 1);
  EXPECT_EQ(outfits.total_size(), 1);
  by_item.set_item_id(pants.item_id());
  outfits.Clear();
  ASSERT_TRUE(wardrobe_->ListOutfits(Ctx(token_).get(), by_item, &outfits).ok());
  EXPECT_EQ(outfits.outfits_size(), 0);
  EXPECT_EQ(outfits.total_size(), 0);
}

v1::ListChangesResponse AllChanges(v1::WardrobeService::Stub& stub, const std::string& token, std::string* cursor,
                                   int page_size) {
  v1::ListChangesResponse all;
  for (int i = 0; i < 100; ++i) {
    v1::ListChangesRequest req;
    req.set_cursor(*cursor);
    req.set_page_size(page_size);
    v1::ListChangesResponse page;
    const auto status = stub.ListChanges(Ctx(token).get(), req, &page);
    EXPECT_TRUE(status.ok()) << Describe(status);
    all.MergeFrom(page);
    *cursor = page.next_cursor();
    if (!page.has_more()) break;
  }
  return all;
}

TEST_F(WardrobeTest, SyncCursorDeliversEveryChangeOnce) {
  std::vector<v1::ClothingItem> items;
  for (int i = 0; i < 7; ++i) items.push_back(Create("s" + std::to_string(i)));
  std::string cursor;
  auto first = AllChanges(*wardrobe_, token_, &cursor, 3);
  EXPECT_EQ(first.items_size(), 7);
  EXPECT_EQ(first.deleted_item_ids_size(), 0);

  // Nothing new: nothing returned, same cursor.
  std::string same = cursor;
  auto none = AllChanges(*wardrobe_, token_, &same, 3);
  EXPECT_EQ(none.items_size(), 0);

  v1::UpdateItemRequest update;
  update.mutable_item()->set_item_id(items[1].item_id());
  update.mutable_item()->set_name("renamed");
  update.mutable_update_mask()->add_paths("name");
  v1::UpdateItemResponse updated;
  ASSERT_TRUE(wardrobe_->UpdateItem(Ctx(token_).get(), update, &updated).ok());
  v1::DeleteItemRequest del;
  del.set_item_id(items[2].item_id());
  v1::DeleteItemResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).ok());
  // Created and deleted between two syncs: only the deletion matters.
  const auto brief = Create("brief");
  del.set_item_id(brief.item_id());
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).ok());
  v1::CreateOutfitRequest outfit;
  outfit.mutable_outfit()->add_item_ids(items[0].item_id());
  v1::CreateOutfitResponse created;
  ASSERT_TRUE(wardrobe_->CreateOutfit(Ctx(token_).get(), outfit, &created).ok());

  auto changes = AllChanges(*wardrobe_, token_, &cursor, 1);
  ASSERT_EQ(changes.items_size(), 1);
  EXPECT_EQ(changes.items(0).name(), "renamed");
  std::set<std::string> gone(changes.deleted_item_ids().begin(), changes.deleted_item_ids().end());
  EXPECT_EQ(gone, (std::set<std::string>{items[2].item_id(), brief.item_id()}));
  ASSERT_EQ(changes.outfits_size(), 1);
  EXPECT_EQ(changes.outfits(0).outfit_id(), created.outfit().outfit_id());

  // A deleted outfit comes back as a deletion, once.
  v1::DeleteOutfitRequest drop;
  drop.set_outfit_id(created.outfit().outfit_id());
  v1::DeleteOutfitResponse dropped;
  ASSERT_TRUE(wardrobe_->DeleteOutfit(Ctx(token_).get(), drop, &dropped).ok());
  auto after_drop = AllChanges(*wardrobe_, token_, &cursor, 2);
  EXPECT_EQ(after_drop.outfits_size(), 0);
  ASSERT_EQ(after_drop.deleted_outfit_ids_size(), 1);
  EXPECT_EQ(after_drop.deleted_outfit_ids(0), created.outfit().outfit_id());
  EXPECT_EQ(AllChanges(*wardrobe_, token_, &cursor, 2).deleted_outfit_ids_size(), 0);

  v1::ListChangesRequest bad;
  bad.set_cursor("not-a-cursor");
  v1::ListChangesResponse resp;
  EXPECT_EQ(wardrobe_->ListChanges(Ctx(token_).get(), bad, &resp).error_code(), StatusCode::INVALID_ARGUMENT);
}

// Without a mask, an update changes the fields its message sets (as a REST
// PATCH body does), and nothing else.
TEST_F(WardrobeTest, WithoutAMaskAnUpdateChangesTheFieldsItSets) {
  v1::CreateItemRequest create;
  create.mutable_item()->set_name("Linen shirt");
  create.mutable_item()->set_brand("Old brand");
  create.mutable_item()->add_tags("summer");
  create.mutable_item()->mutable_price()->set_currency_code("EUR");
  create.mutable_item()->mutable_price()->set_units(40);
  v1::CreateItemResponse created;
  ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), create, &created).ok());

  v1::UpdateItemRequest update;
  update.mutable_item()->set_item_id(created.item().item_id());
  update.mutable_item()->set_name("Linen shirt, white");
  update.mutable_item()->set_category(v1::CLOTHING_CATEGORY_TOP);
  update.mutable_item()->set_wear_count(50);  // output only: ignored, not refused
  v1::UpdateItemResponse updated;
  auto status = wardrobe_->UpdateItem(Ctx(token_).get(), update, &updated);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(updated.item().name(), "Linen shirt, white");
  EXPECT_EQ(updated.item().category(), v1::CLOTHING_CATEGORY_TOP);
  EXPECT_EQ(updated.item().brand(), "Old brand") << "a field the update does not set was changed";
  ASSERT_EQ(updated.item().tags_size(), 1);
  EXPECT_EQ(updated.item().price().units(), 40);
  EXPECT_EQ(updated.item().wear_count(), 0);

  // What it sets is checked as usual.
  update.mutable_item()->set_primary_color(std::string(100, 'x'));
  EXPECT_EQ(wardrobe_->UpdateItem(Ctx(token_).get(), update, &updated).error_code(), StatusCode::INVALID_ARGUMENT);

  // An update that sets nothing is refused, not taken as "clear everything".
  v1::UpdateItemRequest empty;
  empty.mutable_item()->set_item_id(created.item().item_id());
  status = wardrobe_->UpdateItem(Ctx(token_).get(), empty, &updated);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"update_mask"});
  v1::GetItemRequest get;
  get.set_item_id(created.item().item_id());
  v1::GetItemResponse got;
  ASSERT_TRUE(wardrobe_->GetItem(Ctx(token_).get(), get, &got).ok());
  EXPECT_EQ(got.item().brand(), "Old brand");
}

TEST_F(WardrobeTest, OutfitsListInEveryDocumentedOrder) {
  const auto top = Create("Top");
  for (const std::string name : {"b", "a", "c"}) {
    v1::CreateOutfitRequest create;
    create.mutable_outfit()->set_name(name);
    create.mutable_outfit()->add_item_ids(top.item_id());
    v1::CreateOutfitResponse created;
    ASSERT_TRUE(wardrobe_->CreateOutfit(Ctx(token_).get(), create, &created).ok());
  }
  auto names = [&](const std::string& order) {
    v1::ListOutfitsRequest req;
    req.set_order_by(order);
    v1::ListOutfitsResponse resp;
    const auto status = wardrobe_->ListOutfits(Ctx(token_).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << order << ": " << Describe(status);
    std::string out;
    for (const auto& o : resp.outfits()) out += o.name();
    return out;
  };
  EXPECT_EQ(names("name"), "abc");
  EXPECT_EQ(names("name desc"), "cba");
  EXPECT_EQ(names("create_time"), "bac");
  EXPECT_EQ(names("update_time"), "bac");
  EXPECT_EQ(names("update_time desc"), "cab");
  for (const std::string order : {"wear_count", "wear_count desc", "last_worn_date", "last_worn_date desc"}) {
    EXPECT_EQ(names(order).size(), 3u) << order;
  }
  v1::ListOutfitsRequest bad;
  bad.set_order_by("purchase_date");
  v1::ListOutfitsResponse resp;
  EXPECT_EQ(wardrobe_->ListOutfits(Ctx(token_).get(), bad, &resp).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(WardrobeTest, OtherUsersOutfitsAreInvisible) {
  const auto top = Create("Top");
  v1::CreateOutfitRequest create;
  create.mutable_outfit()->set_name("mine");
  create.mutable_outfit()->add_item_ids(top.item_id());
  v1::CreateOutfitResponse created;
  ASSERT_TRUE(wardrobe_->CreateOutfit(Ctx(token_).get(), create, &created).ok());
  const std::string id = created.outfit().outfit_id();
  const std::string other = RegisterUser(*Shared().users, "wr_outfits").tokens().access_token();

  v1::GetOutfitRequest get;
  get.set_outfit_id(id);
  v1::GetOutfitResponse got;
  EXPECT_EQ(wardrobe_->GetOutfit(Ctx(other).get(), get, &got).error_code(), StatusCode::NOT_FOUND);
  v1::UpdateOutfitRequest update;
  update.mutable_outfit()->set_outfit_id(id);
  update.mutable_outfit()->set_name("stolen");
  update.mutable_update_mask()->add_paths("name");
  v1::UpdateOutfitResponse updated;
  EXPECT_EQ(wardrobe_->UpdateOutfit(Ctx(other).get(), update, &updated).error_code(), StatusCode::NOT_FOUND);
  v1::WearOutfitRequest wear;
  wear.set_outfit_id(id);
  v1::WearOutfitResponse worn;
  EXPECT_EQ(wardrobe_->WearOutfit(Ctx(other).get(), wear, &worn).error_code(), StatusCode::NOT_FOUND);
  v1::DeleteOutfitRequest del;
  del.set_outfit_id(id);
  v1::DeleteOutfitResponse deleted;
  EXPECT_EQ(wardrobe_->DeleteOutfit(Ctx(other).get(), del, &deleted).error_code(), StatusCode::NOT_FOUND);
  v1::ListOutfitsResponse listed;
  ASSERT_TRUE(wardrobe_->ListOutfits(Ctx(other).get(), {}, &listed).ok());
  EXPECT_EQ(listed.outfits_size(), 0);
  // The owner's wear log is not the other user's to read.
  v1::LogItemWornRequest log;
  log.set_item_id(top.item_id());
  v1::LogItemWornResponse logged;
  ASSERT_TRUE(wardrobe_->LogItemWorn(Ctx(token_).get(), log, &logged).ok());
  v1::ListWearEventsRequest events;
  events.set_item_id(top.item_id());
  v1::ListWearEventsResponse wear_log;
  ASSERT_TRUE(wardrobe_->ListWearEvents(Ctx(other).get(), events, &wear_log).ok());
  EXPECT_EQ(wear_log.wear_events_size(), 0);
  ASSERT_TRUE(wardrobe_->ListWearEvents(Ctx(token_).get(), events, &wear_log).ok());
  EXPECT_EQ(wear_log.wear_events_size(), 1);

  ASSERT_TRUE(wardrobe_->GetOutfit(Ctx(token_).get(), get, &got).ok());
  EXPECT_EQ(got.outfit().name(), "mine");
  EXPECT_EQ(got.outfit().wear_count(), 0);
}

TEST_F(WardrobeTest, ExportIncludesTheWardrobe) {
  Create("exported-item");
  v1::ExportMyDataResponse resp;
  ASSERT_TRUE(Shared().users->ExportMyData(Ctx(token_).get(), {}, &resp).ok());
  const auto& fields = resp.data().fields();
  ASSERT_TRUE(fields.count("wardrobe_items"));
  ASSERT_EQ(fields.at("wardrobe_items").list_value().values_size(), 1);
  EXPECT_EQ(fields.at("wardrobe_items").list_value().values(0).struct_value().fields().at("name").string_value(),
            "exported-item");
}

TEST_F(WardrobeTest, SuggestOutfitsBuildsFromTheCallersItemsForTheOccasionAndWeather) {
  auto make = [&](const std::string& name, v1::ClothingCategory category, const std::string& color,
                  v1::Formality formality) {
    v1::CreateItemRequest req;
    req.mutable_item()->set_name(name);
    req.mutable_item()->set_category(category);
    req.mutable_item()->set_primary_color(color);
    req.mutable_item()->set_formality(formality);
    v1::CreateItemResponse resp;
    EXPECT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), req, &resp).ok());
    return resp.item().item_id();
  };
  const auto shirt = make("White shirt", v1::CLOTHING_CATEGORY_TOP, "white", v1::FORMALITY_BUSINESS);
  const auto blouse = make("Blue blouse", v1::CLOTHING_CATEGORY_TOP, "light blue", v1::FORMALITY_SMART_CASUAL);
  const auto tee = make("Band tee", v1::CLOTHING_CATEGORY_TOP, "black", v1::FORMALITY_CASUAL);
  const auto trousers = make("Grey trousers", v1::CLOTHING_CATEGORY_BOTTOM, "grey", v1::FORMALITY_BUSINESS);
  make("Navy chinos", v1::CLOTHING_CATEGORY_BOTTOM, "navy", v1::FORMALITY_SMART_CASUAL);
  make("Brown loafers", v1::CLOTHING_CATEGORY_SHOES, "brown", v1::FORMALITY_BUSINESS);
  const auto coat = make("Camel coat", v1::CLOTHING_CATEGORY_OUTERWEAR, "camel", v1::FORMALITY_BUSINESS);

  v1::SuggestOutfitsRequest req;
  req.set_occasion("office");
  req.mutable_weather()->set_condition(v1::WEATHER_CONDITION_RAIN);
  req.mutable_weather()->set_temperature_celsius(9);
  v1::SuggestOutfitsResponse resp;
  auto status = wardrobe_->SuggestOutfits(Ctx(token_).get(), req, &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  ASSERT_FALSE(resp.suggestions().empty());
  for (int k = 0; k < resp.suggestions_size(); ++k) {
    const auto& s = resp.suggestions(k);
    const std::set<std::string> ids(s.item_ids().begin(), s.item_ids().end());
    EXPECT_FALSE(ids.count(tee)) << "a casual tee is not for the office";
    EXPECT_TRUE(ids.count(coat)) << "rain at 9 °C wants the coat";
    EXPECT_FALSE(s.name().empty());
    EXPECT_FALSE(s.reasons().empty());
    if (k > 0) {
      EXPECT_LE(s.score(), resp.suggestions(k - 1).score());
    }
  }
  EXPECT_TRUE(std::set<std::string>(resp.suggestions(0).item_ids().begin(), resp.suggestions(0).item_ids().end())
                  .count(shirt) ||
              std::set<std::string>(resp.suggestions(0).item_ids().begin(), resp.suggestions(0).item_ids().end())
                  .count(trousers))
      << "business pieces rank first for the office";

  // Included and excluded pieces.
  req.add_include_item_ids(blouse);
  req.add_exclude_item_ids(trousers);
  ASSERT_TRUE(wardrobe_->SuggestOutfits(Ctx(token_).get(), req, &resp).ok());
  ASSERT_FALSE(resp.suggestions().empty());
  for (const auto& s : resp.suggestions()) {
    const std::set<std::string> ids(s.item_ids().begin(), s.item_ids().end());
    EXPECT_TRUE(ids.count(blouse));
    EXPECT_FALSE(ids.count(trousers));
  }

  // Someone else's item, and bad values, are refused by field.
  const auto other = RegisterUser(*Shared().users, "wr-other").tokens().access_token();
  v1::SuggestOutfitsRequest theirs;
  theirs.add_include_item_ids(shirt);
  status = wardrobe_->SuggestOutfits(Ctx(other).get(), theirs, &resp);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"include_item_ids[0]"});
  v1::SuggestOutfitsRequest bad;
  bad.set_max_suggestions(50);
  bad.mutable_weather()->set_temperature_celsius(99);
  bad.add_include_item_ids("nope");
  status = wardrobe_->SuggestOutfits(Ctx(token_).get(), bad, &resp);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), (std::vector<std::string>{"weather.temperature_celsius", "max_suggestions",
                                                               "include_item_ids[0]"}));
  // An empty wardrobe has nothing to suggest, which is not an error.
  status = wardrobe_->SuggestOutfits(Ctx(other).get(), {}, &resp);
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(resp.suggestions().empty());
}

TEST_F(WardrobeTest, AStaleEtagIsAbortedAndChangesNothing) {
  // Two devices read the item; the first writes; the second's write, made
  // from what it read, must not silently overwrite the first's.
  const v1::ClothingItem read = Create("linen shirt");
  ASSERT_FALSE(read.etag().empty());
  v1::UpdateItemRequest first;
  first.mutable_item()->set_item_id(read.item_id());
  first.mutable_item()->set_etag(read.etag());
  first.mutable_item()->set_brand("from the phone");
  v1::UpdateItemResponse updated;
  auto status = wardrobe_->UpdateItem(Ctx(token_).get(), first, &updated);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_NE(updated.item().etag(), read.etag());
  v1::UpdateItemRequest stale = first;
  stale.mutable_item()->set_brand("from the tablet");
  v1::UpdateItemResponse refused;
  status = wardrobe_->UpdateItem(Ctx(token_).get(), stale, &refused);
  EXPECT_EQ(status.error_code(), StatusCode::ABORTED) << Describe(status);
  v1::GetItemRequest get;
  get.set_item_id(read.item_id());
  v1::GetItemResponse now;
  ASSERT_TRUE(wardrobe_->GetItem(Ctx(token_).get(), get, &now).ok());
  EXPECT_EQ(now.item().brand(), "from the phone");
  EXPECT_EQ(now.item().etag(), updated.item().etag());
  // Naming the etag in a mask (as REST PATCH bodies that carry it do)
  // writes nothing: it is still the condition. It follows every change (a
  // wear too).
  stale.mutable_update_mask()->add_paths("brand");
  stale.mutable_update_mask()->add_paths("etag");
  EXPECT_EQ(wardrobe_->UpdateItem(Ctx(token_).get(), stale, &refused).error_code(), StatusCode::ABORTED);
  v1::LogItemWornRequest wear;
  wear.set_item_id(read.item_id());
  v1::LogItemWornResponse worn;
  ASSERT_TRUE(wardrobe_->LogItemWorn(Ctx(token_).get(), wear, &worn).ok());
  EXPECT_NE(worn.item().etag(), now.item().etag());
  // Delete: a stale etag is refused, the current one deletes; without an
  // etag writes are unconditional, as before.
  v1::DeleteItemRequest del;
  del.set_item_id(read.item_id());
  del.set_etag(now.item().etag());
  v1::DeleteItemResponse deleted;
  EXPECT_EQ(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).error_code(), StatusCode::ABORTED);
  del.set_etag(worn.item().etag());
  EXPECT_TRUE(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).ok());
  const v1::ClothingItem other = Create("no etag");
  v1::UpdateItemRequest plain;
  plain.mutable_item()->set_item_id(other.item_id());
  plain.mutable_item()->set_brand("any");
  EXPECT_TRUE(wardrobe_->UpdateItem(Ctx(token_).get(), plain, &updated).ok());

  // Outfits the same way.
  v1::CreateOutfitRequest outfit;
  outfit.mutable_outfit()->set_name("weekend");
  outfit.mutable_outfit()->add_item_ids(other.item_id());
  v1::CreateOutfitResponse created;
  ASSERT_TRUE(wardrobe_->CreateOutfit(Ctx(token_).get(), outfit, &created).ok());
  v1::UpdateOutfitRequest rename;
  rename.mutable_outfit()->set_outfit_id(created.outfit().outfit_id());
  rename.mutable_outfit()->set_etag(created.outfit().etag());
  rename.mutable_outfit()->set_name("saturday");
  v1::UpdateOutfitResponse renamed;
  ASSERT_TRUE(wardrobe_->UpdateOutfit(Ctx(token_).get(), rename, &renamed).ok());
  rename.mutable_outfit()->set_name("sunday");
  EXPECT_EQ(wardrobe_->UpdateOutfit(Ctx(token_).get(), rename, &renamed).error_code(), StatusCode::ABORTED);
  v1::DeleteOutfitRequest drop;
  drop.set_outfit_id(created.outfit().outfit_id());
  drop.set_etag(created.outfit().etag());
  v1::DeleteOutfitResponse dropped;
  EXPECT_EQ(wardrobe_->DeleteOutfit(Ctx(token_).get(), drop, &dropped).error_code(), StatusCode::ABORTED);
  drop.set_etag(renamed.outfit().etag());
  EXPECT_TRUE(wardrobe_->DeleteOutfit(Ctx(token_).get(), drop, &dropped).ok());
}

TEST_F(WardrobeTest, ARetriedCreateWithTheSameRequestIdMakesOneItem) {
  v1::CreateItemRequest req;
  req.set_request_id("3f1c6e2a-retry-" + token_.substr(token_.size() - 12));
  req.mutable_item()->set_name("retried coat");
  v1::CreateItemResponse first, again;
  ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), req, &first).ok());
  ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), req, &again).ok());
  EXPECT_EQ(again.item().item_id(), first.item().item_id());
  v1::ListItemsRequest list;
  EXPECT_EQ(Names(list), std::vector<std::string>{"retried coat"});
  // The same id for another request is a mistake, said so.
  v1::CreateItemRequest other = req;
  other.mutable_item()->set_name("another coat");
  auto status = wardrobe_->CreateItem(Ctx(token_).get(), other, &again);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("request_id"), std::string::npos) << status.error_message();
  other.set_request_id("has a space");
  EXPECT_EQ(wardrobe_->CreateItem(Ctx(token_).get(), other, &again).error_code(), StatusCode::INVALID_ARGUMENT);
  // Ids belong to their user: another user's same id creates their own.
  const std::string stranger = RegisterUser(*Shared().users, "wr2").tokens().access_token();
  v1::CreateItemResponse theirs;
  ASSERT_TRUE(wardrobe_->CreateItem(Ctx(stranger).get(), req, &theirs).ok());
  EXPECT_NE(theirs.item().item_id(), first.item().item_id());
  // Concurrent retries of one create: still one item.
  v1::CreateOutfitRequest outfit;
  outfit.set_request_id("outfit-" + token_.substr(token_.size() - 12));
  outfit.mutable_outfit()->set_name("race");
  outfit.mutable_outfit()->add_item_ids(first.item().item_id());
  std::vector<std::string> ids(6);
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      v1::CreateOutfitResponse r;
      if (wardrobe_->CreateOutfit(Ctx(token_).get(), outfit, &r).ok()) ids[i] = r.outfit().outfit_id();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_FALSE(ids[0].empty());
}

}  // namespace
}  // namespace stylist::testing
