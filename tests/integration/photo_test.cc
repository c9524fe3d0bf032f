// Item photos through a real server: upload as a client stream with its
// limits, normalisation (orientation, metadata stripped, thumbnail),
// download, removal, and the durable analysis queue.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "fake_s3.h"
#include "server_process.h"
#include "support/crafted_images.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;
using namespace std::chrono_literals;

std::string Download(v1::WardrobeService::Stub& stub, const std::string& token, const std::string& item_id,
                     bool thumbnail, v1::PhotoInfo* info, grpc::Status* status) {
  auto ctx = Ctx(token);
  v1::DownloadItemPhotoRequest req;
  req.set_item_id(item_id);
  req.set_thumbnail(thumbnail);
  auto reader = stub.DownloadItemPhoto(ctx.get(), req);
  std::string bytes;
  v1::DownloadItemPhotoResponse msg;
  while (reader->Read(&msg)) {
    if (msg.has_metadata()) *info = msg.metadata();
    else bytes += msg.chunk().data();
  }
  *status = reader->Finish();
  return bytes;
}

// A JPEG APP1 segment with EXIF orientation 6 (rotate 90° clockwise) and a
// GPS block, inserted right after the SOI marker.
std::string WithExifOrientation6(const std::string& jpeg) {
  std::string tiff = std::string("II*\0", 4) + std::string("\x08\0\0\0", 4);
  auto u16 = [](int v) { return std::string{static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF)}; };
  auto u32 = [&](int v) { return u16(v & 0xFFFF) + u16((v >> 16) & 0xFFFF); };
  tiff += u16(2);                                      // IFD0: two entries
  tiff += u16(0x0112) + u16(3) + u32(1) + u16(6) + u16(0);  // Orientation = 6
  tiff += u16(0x8825) + u16(4) + u32(1) + u32(38);     // GPS IFD at offset 38
  tiff += u32(0);                                      // no next IFD
  tiff += u16(1);                                      // GPS IFD: one entry
  tiff += u16(0x0001) + u16(2) + u32(2) + std::string("N\0\0\0", 4);  // GPSLatitudeRef "N"
  tiff += u32(0);
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const int length = static_cast<int>(payload.size()) + 2;
  const std::string app1 = std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) +
                           static_cast<char>(length & 0xFF) + payload;
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

// Width and height from a JPEG's SOF marker.
std::pair<int, int> JpegSize(const std::string& d) {
  for (std::size_t i = 2; i + 9 < d.size();) {
    if (static_cast<unsigned char>(d[i]) != 0xFF) return {0, 0};
    const unsigned char marker = static_cast<unsigned char>(d[i + 1]);
    const int len = (static_cast<unsigned char>(d[i + 2]) << 8) | static_cast<unsigned char>(d[i + 3]);
    if (marker >= 0xC0 && marker <= 0xC3) {
      const int h = (static_cast<unsigned char>(d[i + 5]) << 8) | static_cast<unsigned char>(d[i + 6]);
      const int w = (static_cast<unsigned char>(d[i + 7]) << 8) | static_cast<unsigned char>(d[i + 8]);
      return {w, h};
    }
    i += 2 + static_cast<std::size_t>(len);
  }
  return {0, 0};
}

class PhotoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wardrobe_ = v1::WardrobeService::NewStub(Shared().server->NewChannel());
    token_ = RegisterUser(*Shared().users, "ph").tokens().access_token();
    item_id_ = NewItem(*wardrobe_, token_);
  }

  static std::string NewItem(v1::WardrobeService::Stub& stub, const std::string& token) {
    v1::CreateItemRequest req;
    req.mutable_item()->set_name("photographed");
    v1::CreateItemResponse resp;
    const auto status = stub.CreateItem(Ctx(token).get(), req, &resp);
    if (!status.ok()) throw std::runtime_error(Describe(status));
    return resp.item().item_id();
  }

  v1::ClothingItem Item(const std::string& id = "") {
    v1::GetItemRequest req;
    req.set_item_id(id.empty() ? item_id_ : id);
    v1::GetItemResponse resp;
    EXPECT_TRUE(wardrobe_->GetItem(Ctx(token_).get(), req, &resp).ok());
    return resp.item();
  }

  // The item once the queue has finished with its photo (or after 10 s).
  v1::ClothingItem AnalysedItem(const std::string& id = "") {
    v1::ClothingItem item;
    for (int i = 0; i < 100; ++i) {
      item = Item(id);
      if (item.analysis_status() != v1::ITEM_ANALYSIS_STATUS_PENDING) break;
      std::this_thread::sleep_for(100ms);
    }
    return item;
  }

  std::unique_ptr<v1::WardrobeService::Stub> wardrobe_;
  std::string token_;
  std::string item_id_;
};

TEST_F(PhotoTest, UploadNormalisesStripsMetadataAndMakesAThumbnail) {
  const std::string original = DatasetPhoto("train/t-shirt");
  const auto [w, h] = JpegSize(original);
  ASSERT_GT(w, 0);
  const std::string tagged = WithExifOrientation6(original);
  v1::UploadItemPhotoResponse resp;
  auto status = Upload(*wardrobe_, token_, item_id_, tagged, &resp, 4096);
  ASSERT_TRUE(status.ok()) << Describe(status);
  const auto& photo = resp.item().photo();
  EXPECT_EQ(photo.content_type(), "image/jpeg");
  // Turned upright: orientation 6 swaps width and height.
  EXPECT_EQ(photo.width_px(), h);
  EXPECT_EQ(photo.height_px(), w);
  EXPECT_EQ(resp.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_PENDING);

  v1::PhotoInfo info;
  const std::string stored = Download(*wardrobe_, token_, item_id_, false, &info, &status);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(static_cast<std::int64_t>(stored.size()), info.size_bytes());
  EXPECT_EQ(JpegSize(stored), std::make_pair(h, w));
  EXPECT_EQ(stored.find("Exif"), std::string::npos) << "EXIF survived";
  EXPECT_EQ(stored.find(std::string("\xFF\xE1", 2)), std::string::npos) << "an APP1 block survived";
  const std::string thumb = Download(*wardrobe_, token_, item_id_, true, &info, &status);
  ASSERT_TRUE(status.ok()) << Describe(status);
  const auto [tw, th] = JpegSize(thumb);
  EXPECT_LE(std::max(tw, th), 320);
  EXPECT_GT(tw, 0);
  EXPECT_LT(thumb.size(), stored.size());

  // The queue analyses it with the clothing model.
  const v1::ClothingItem item = AnalysedItem();
  ASSERT_EQ(item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_FALSE(item.analysis().type().label().empty());
  EXPECT_NE(item.analysis().category().category(), v1::CLOTHING_CATEGORY_UNSPECIFIED);
  EXPECT_FALSE(item.analysis().primary_color().name().empty());
  EXPECT_FALSE(item.analysis().model_version().empty());

  // The photo and analysis are read from their serialised copies; a row
  // written before the copies existed (migration 0010) reads the same from
  // its JSON.
  const std::string copies = Shared().db.QueryValue(
      "SELECT (photo_pb IS NOT NULL AND analysis_pb IS NOT NULL)::text FROM clothing_items WHERE id = '" +
      item_id_ + "'");
  EXPECT_EQ(copies, "true");
  Shared().db.QueryValue("UPDATE clothing_items SET photo_pb = NULL, analysis_pb = NULL WHERE id = '" + item_id_ +
                         "' RETURNING id");
  const v1::ClothingItem from_json = Item();
  EXPECT_EQ(from_json.photo().SerializeAsString(), item.photo().SerializeAsString());
  EXPECT_EQ(from_json.analysis().SerializeAsString(), item.analysis().SerializeAsString());
  EXPECT_EQ(from_json.analysis().type().label(), item.analysis().type().label());
}

// A replica older than the binary copies (migration 0010) writes the JSON
// alone: the copy it made stale is dropped, and what it wrote is what is read.
TEST_F(PhotoTest, AWriteOfTheJsonAloneDropsTheStaleCopy) {
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/t-shirt"), &resp).ok());
  for (int i = 0; i < 100 && Item().analysis_status() == v1::ITEM_ANALYSIS_STATUS_PENDING; ++i) {
    std::this_thread::sleep_for(100ms);
  }
  const std::string where = " WHERE id = '" + item_id_ + "'";
  ASSERT_EQ(Shared().db.QueryValue("SELECT (analysis_pb IS NULL)::text FROM clothing_items" + where), "false");
  Shared().db.QueryValue("UPDATE clothing_items SET analysis = '{\"model_version\": \"written-by-an-older-replica\"}', "
                         "analysis_status = 'done'" + where + " RETURNING id");
  EXPECT_EQ(Shared().db.QueryValue("SELECT (analysis_pb IS NULL)::text || '/' || (photo_pb IS NULL)::text "
                                   "FROM clothing_items" + where),
            "true/false");
  const v1::ClothingItem item = Item();
  EXPECT_EQ(item.analysis().model_version(), "written-by-an-older-replica");
  EXPECT_EQ(item.photo().sha256(), resp.item().photo().sha256());
}

TEST_F(PhotoTest, ReplacementAndRemovalLeaveOneSetOfFiles) {
  const std::string dir = Shared().server->storage_dir();
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/hat", 1), &resp).ok());
  const int after_first = CountFiles(dir);
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/hat", 2), &resp).ok());
  EXPECT_EQ(CountFiles(dir), after_first) << "the replaced photo's files were not removed";

  v1::DeleteItemPhotoRequest del;
  del.set_item_id(item_id_);
  v1::DeleteItemPhotoResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItemPhoto(Ctx(token_).get(), del, &deleted).ok());
  EXPECT_EQ(deleted.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_NO_PHOTO);
  EXPECT_FALSE(deleted.item().has_photo());
  EXPECT_EQ(CountFiles(dir), after_first - 2);
  v1::PhotoInfo info;
  grpc::Status status;
  Download(*wardrobe_, token_, item_id_, false, &info, &status);
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND);
}

TEST_F(PhotoTest, DeletingAnItemDeletesItsPhotoFiles) {
  const std::string dir = Shared().server->storage_dir();
  const int before = CountFiles(dir);
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/hat", 3), &resp, 32 * 1024, 0, true).ok());
  EXPECT_EQ(CountFiles(dir), before + 2);
  v1::DeleteItemRequest del;
  del.set_item_id(item_id_);
  v1::DeleteItemResponse deleted;
  ASSERT_TRUE(wardrobe_->DeleteItem(Ctx(token_).get(), del, &deleted).ok());
  EXPECT_EQ(CountFiles(dir), before) << "the photo or its thumbnail outlived the item";
}

TEST_F(PhotoTest, AnotherUsersPhotoCannotBeReadRemovedOrAnalysed) {
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/hat", 4), &resp, 32 * 1024, 0, true).ok());
  const std::string other = RegisterUser(*Shared().users, "ph_intruder").tokens().access_token();
  v1::PhotoInfo info;
  grpc::Status status;
  for (const bool thumbnail : {false, true}) {
    EXPECT_TRUE(Download(*wardrobe_, other, item_id_, thumbnail, &info, &status).empty());
    EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND);
  }
  v1::DeleteItemPhotoRequest del;
  del.set_item_id(item_id_);
  v1::DeleteItemPhotoResponse deleted;
  EXPECT_EQ(wardrobe_->DeleteItemPhoto(Ctx(other).get(), del, &deleted).error_code(), StatusCode::NOT_FOUND);
  v1::AnalyzeItemRequest analyze;
  analyze.set_item_id(item_id_);
  v1::AnalyzeItemResponse analyzed;
  EXPECT_EQ(wardrobe_->AnalyzeItem(Ctx(other).get(), analyze, &analyzed).error_code(), StatusCode::NOT_FOUND);

  // Untouched for its owner.
  const v1::ClothingItem item = Item();
  EXPECT_EQ(item.photo().sha256(), resp.item().photo().sha256());
  EXPECT_EQ(item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_SKIPPED);
  EXPECT_FALSE(Download(*wardrobe_, token_, item_id_, false, &info, &status).empty());
  EXPECT_TRUE(status.ok()) << Describe(status);
}

// A server on local storage hands out no photo URLs, and says so.
TEST_F(PhotoTest, PhotoUrlsNeedObjectStorage) {
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/t-shirt"), &resp).ok());
  v1::GetItemPhotoUrlRequest req;
  req.set_item_id(item_id_);
  v1::GetItemPhotoUrlResponse url;
  const auto status = wardrobe_->GetItemPhotoUrl(Ctx(token_).get(), req, &url);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("STYLIST_S3_PHOTO_URL_TTL"), std::string::npos) << status.error_message();
}

// A photo whose file went missing behind the server's back is DATA_LOSS,
// not an empty download; its thumbnail is still served.
TEST_F(PhotoTest, AMissingFileIsDataLoss) {
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/hat", 5), &resp, 32 * 1024, 0, true).ok());
  const std::string key =
      Shared().db.QueryValue("SELECT photo->>'storage_key' FROM clothing_items WHERE id = '" + item_id_ + "'");
  ASSERT_FALSE(key.empty());
  ASSERT_TRUE(std::filesystem::remove(std::filesystem::path(Shared().server->storage_dir()) / key));
  v1::PhotoInfo info;
  grpc::Status status;
  Download(*wardrobe_, token_, item_id_, false, &info, &status);
  EXPECT_EQ(status.error_code(), StatusCode::DATA_LOSS) << Describe(status);
  EXPECT_FALSE(Download(*wardrobe_, token_, item_id_, true, &info, &status).empty());
  EXPECT_TRUE(status.ok()) << Describe(status);
}

TEST_F(PhotoTest, SkipAnalysisKeepsAFinishedAnalysisOrSaysSkipped) {
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/t-shirt", 1), &resp).ok());
  const v1::ClothingItem analysed = AnalysedItem();
  ASSERT_EQ(analysed.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);

  // A new photo without analysis keeps the finished one.
  ASSERT_TRUE(Upload(*wardrobe_, token_, item_id_, DatasetPhoto("train/hat", 1), &resp, 32 * 1024, 0, true).ok());
  EXPECT_EQ(resp.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_EQ(resp.item().analysis().SerializeAsString(), analysed.analysis().SerializeAsString());
  EXPECT_NE(resp.item().photo().sha256(), analysed.photo().sha256());
  EXPECT_EQ(Item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);

  // With nothing to keep, the item says its photo was not analysed, until
  // AnalyzeItem analyses it.
  const std::string fresh = NewItem(*wardrobe_, token_);
  ASSERT_TRUE(Upload(*wardrobe_, token_, fresh, DatasetPhoto("train/hat", 2), &resp, 32 * 1024, 0, true).ok());
  EXPECT_EQ(resp.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_SKIPPED);
  EXPECT_FALSE(resp.item().has_analysis());
  v1::AnalyzeItemRequest analyze;
  analyze.set_item_id(fresh);
  v1::AnalyzeItemResponse queued;
  ASSERT_TRUE(wardrobe_->AnalyzeItem(Ctx(token_).get(), analyze, &queued).ok());
  EXPECT_EQ(queued.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_PENDING);
  EXPECT_EQ(AnalysedItem(fresh).analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
}

// The analysis fills the item's own empty fields with its confident
// predictions, so that a photographed item shows up under the list filters;
// what the user set stays unless AnalyzeItem is asked to overwrite it.
TEST_F(PhotoTest, AnalysisFillsEmptyFieldsAndOverwritesOnlyWhenAsked) {
  v1::CreateItemRequest create;
  create.mutable_item()->set_name("tee");
  create.mutable_item()->set_primary_color("purple");
  v1::CreateItemResponse created;
  ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), create, &created).ok());
  const std::string id = created.item().item_id();
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token_, id, DatasetPhoto("train/t-shirt", 2), &resp).ok());
  const v1::ClothingItem item = AnalysedItem(id);
  ASSERT_EQ(item.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  const auto& a = item.analysis();
  ASSERT_FALSE(a.category().low_confidence()) << "the model is unsure of a training photo: " << a.DebugString();

  EXPECT_EQ(item.category(), a.category().category());
  EXPECT_EQ(item.subcategory(), a.type().low_confidence() ? "" : a.type().label());
  EXPECT_EQ(item.secondary_color(), a.secondary_color().low_confidence() ? "" : a.secondary_color().name());
  EXPECT_EQ(item.pattern(), a.pattern().low_confidence() ? v1::CLOTHING_PATTERN_UNSPECIFIED : a.pattern().pattern());
  EXPECT_EQ(item.primary_color(), "purple") << "a field the user set was overwritten";

  v1::ListItemsRequest by_category;
  by_category.set_category(a.category().category());
  v1::ListItemsResponse listed;
  ASSERT_TRUE(wardrobe_->ListItems(Ctx(token_).get(), by_category, &listed).ok());
  ASSERT_EQ(listed.items_size(), 1);
  EXPECT_EQ(listed.items(0).item_id(), id);

  // The user then sets a category the model is sure is wrong. A new
  // analysis keeps it; one asked to overwrite replaces it with the model's.
  const v1::ClothingCategory predicted = a.category().category();
  const v1::ClothingCategory users_choice =
      predicted == v1::CLOTHING_CATEGORY_SHOES ? v1::CLOTHING_CATEGORY_BAG : v1::CLOTHING_CATEGORY_SHOES;
  v1::UpdateItemRequest set_category;
  set_category.mutable_item()->set_item_id(id);
  set_category.mutable_item()->set_category(users_choice);
  set_category.mutable_update_mask()->add_paths("category");
  v1::UpdateItemResponse updated;
  ASSERT_TRUE(wardrobe_->UpdateItem(Ctx(token_).get(), set_category, &updated).ok());
  ASSERT_EQ(updated.item().category(), users_choice);

  v1::AnalyzeItemRequest analyze;
  analyze.set_item_id(id);
  v1::AnalyzeItemResponse queued;
  ASSERT_TRUE(wardrobe_->AnalyzeItem(Ctx(token_).get(), analyze, &queued).ok());
  const v1::ClothingItem kept = AnalysedItem(id);
  ASSERT_EQ(kept.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  ASSERT_EQ(kept.analysis().category().category(), predicted);
  ASSERT_FALSE(kept.analysis().category().low_confidence());
  EXPECT_EQ(kept.category(), users_choice) << "an analysis not asked to overwrite replaced the user's category";

  analyze.set_overwrite_attributes(true);
  ASSERT_TRUE(wardrobe_->AnalyzeItem(Ctx(token_).get(), analyze, &queued).ok());
  const v1::ClothingItem again = AnalysedItem(id);
  ASSERT_EQ(again.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
  EXPECT_EQ(again.category(), predicted) << "overwrite_attributes left the user's category";
  // The colour too, when the model is sure of its own.
  const auto& p = again.analysis().primary_color();
  if (!p.low_confidence() && !p.name().empty()) {
    EXPECT_EQ(again.primary_color(), p.name());
  }
}

TEST_F(PhotoTest, BadUploadsAreRefusedAndLeaveNothing) {
  const std::string dir = Shared().server->storage_dir();
  const int files = CountFiles(dir);
  const std::string jpeg = DatasetPhoto("train/shoes");
  v1::UploadItemPhotoResponse resp;

  auto status = Upload(*wardrobe_, token_, item_id_, std::string(5000, 'x'), &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << "not an image";
  // A PNG header claiming 50000 x 50000 pixels: refused from the header.
  const std::string bomb = crafted::WithPngSize(crafted::FlatPng(64, 64), 50000, 50000);
  status = Upload(*wardrobe_, token_, item_id_, bomb, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("pixels"), std::string::npos) << status.error_message();
  // The same as a JPEG: a frame header (SOF0) of 60000 x 60000 pixels.
  status = Upload(*wardrobe_, token_, item_id_, crafted::WithJpegFrameSize(jpeg, 60000, 60000), &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("pixels"), std::string::npos) << status.error_message();
  status = Upload(*wardrobe_, token_, item_id_, jpeg.substr(0, jpeg.size() / 2), &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << "truncated";
  status = Upload(*wardrobe_, token_, item_id_, "", &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << "empty";
  status = Upload(*wardrobe_, token_, item_id_, jpeg, &resp, 4096, 1LL << 40);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << "declared too large";

  // Metadata must come first, and only once.
  {
    auto ctx = Ctx(token_);
    auto writer = wardrobe_->UploadItemPhoto(ctx.get(), &resp);
    v1::UploadItemPhotoRequest chunk;
    chunk.mutable_chunk()->set_data(jpeg.substr(0, 100));
    writer->Write(chunk);
    writer->WritesDone();
    EXPECT_EQ(writer->Finish().error_code(), StatusCode::INVALID_ARGUMENT);
  }
  // Someone else's item: refused before any bytes.
  const std::string other = RegisterUser(*Shared().users, "ph_other").tokens().access_token();
  status = Upload(*wardrobe_, other, item_id_, jpeg, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND);
  status = Upload(*wardrobe_, "", item_id_, jpeg, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::UNAUTHENTICATED);

  // A cancelled upload. The server's log line for the call (found by its
  // request id) says the server is done with it; only then are the files
  // counted.
  const std::string cancelled_id = "cancelled-upload-" + item_id_;
  {
    auto ctx = Ctx(token_);
    ctx->AddMetadata("x-request-id", cancelled_id);
    auto writer = wardrobe_->UploadItemPhoto(ctx.get(), &resp);
    v1::UploadItemPhotoRequest first;
    first.mutable_metadata()->set_item_id(item_id_);
    writer->Write(first);
    v1::UploadItemPhotoRequest chunk;
    chunk.mutable_chunk()->set_data(jpeg.substr(0, 1000));
    writer->Write(chunk);
    ctx->TryCancel();
    EXPECT_EQ(writer->Finish().error_code(), StatusCode::CANCELLED);
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (Shared().server->Log().find(cancelled_id) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_NE(Shared().server->Log().find(cancelled_id), std::string::npos) << "the server never finished the call";
  EXPECT_EQ(CountFiles(dir), files) << "a failed upload left files behind";
  EXPECT_FALSE(Item().has_photo());
  EXPECT_EQ(Item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_NO_PHOTO);
}

TEST(PhotoLimitTest, OversizedStreamIsCutOff) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_MAX_PHOTO_SIZE"] = "16KiB";
  ServerProcess server(env);
  auto users = v1::UserService::NewStub(server.NewChannel());
  auto wardrobe = v1::WardrobeService::NewStub(server.NewChannel());
  const std::string token = RegisterUser(*users, "big").tokens().access_token();
  v1::CreateItemRequest req;
  v1::CreateItemResponse item;
  ASSERT_TRUE(wardrobe->CreateItem(Ctx(token).get(), req, &item).ok());
  std::string big = DatasetPhoto("train/dress");
  while (big.size() < 64 * 1024) big += big;
  v1::UploadItemPhotoResponse resp;
  const auto status = Upload(*wardrobe, token, item.item().item_id(), big, &resp, 4096);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("limit"), std::string::npos) << status.error_message();
  EXPECT_EQ(CountFiles(server.storage_dir()), 0);
}

std::string JobStatus(const ScratchDatabase& db, const std::string& item_id) {
  return db.QueryValue("SELECT status || '/' || attempts FROM analysis_jobs WHERE item_id = '" + item_id +
                       "' ORDER BY id DESC LIMIT 1");
}

struct QueuedPhoto {
  std::string token, item_id;
};

// Signs up a user on `server`, gives them an item and uploads `photo` for
// it: its analysis job is queued.
QueuedPhoto QueuePhoto(ServerProcess& server, const std::string& user, const std::string& photo) {
  auto users = v1::UserService::NewStub(server.NewChannel());
  auto wardrobe = v1::WardrobeService::NewStub(server.NewChannel());
  QueuedPhoto queued;
  queued.token = RegisterUser(*users, user).tokens().access_token();
  v1::CreateItemResponse item;
  const auto created = wardrobe->CreateItem(Ctx(queued.token).get(), {}, &item);
  if (!created.ok()) throw std::runtime_error(Describe(created));
  queued.item_id = item.item().item_id();
  v1::UploadItemPhotoResponse resp;
  const auto uploaded = Upload(*wardrobe, queued.token, queued.item_id, DatasetPhoto(photo), &resp);
  if (!uploaded.ok()) throw std::runtime_error(Describe(uploaded));
  return queued;
}

TEST(AnalysisQueueTest, FailedAnalysesRetryThenDeadLetterAndSurviveRestarts) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_ANALYSIS_WORKERS"] = "0";  // this server only queues
  env["STYLIST_CLOTHING_MODEL_DIR"] = "none";  // every attempt fails: retries, then the dead letter
  env["STYLIST_ANALYSIS_MAX_ATTEMPTS"] = "3";
  ServerProcess queuing(env);
  const auto [token, item_id] = QueuePhoto(queuing, "queue", "train/pants");
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(JobStatus(db, item_id), "queued/0");
  ASSERT_EQ(queuing.Stop(), 0);

  // Another process on the same database and storage picks the job up.
  env["STYLIST_ANALYSIS_WORKERS"] = "2";
  ServerProcess working(env);
  std::string status;
  for (int i = 0; i < 100 && status != "dead/3"; ++i) {
    std::this_thread::sleep_for(100ms);
    status = JobStatus(db, item_id);
  }
  EXPECT_EQ(status, "dead/3");
  EXPECT_NE(db.QueryValue("SELECT last_error FROM analysis_jobs WHERE item_id = '" + item_id + "'")
                .find("no clothing analysis model"),
            std::string::npos);
  // The delay doubles per attempt: the third failure was given 4 × 100 ms
  // (run_after and updated_at are set by the same statement).
  const double last_delay_ms = std::stod(db.QueryValue(
      "SELECT extract(epoch FROM run_after - updated_at) * 1000 FROM analysis_jobs WHERE item_id = '" + item_id +
      "'"));
  EXPECT_GT(last_delay_ms, 390);
  EXPECT_LT(last_delay_ms, 410);
  auto wardrobe = v1::WardrobeService::NewStub(working.NewChannel());
  v1::GetItemRequest get;
  get.set_item_id(item_id);
  v1::GetItemResponse got;
  ASSERT_TRUE(wardrobe->GetItem(Ctx(token).get(), get, &got).ok());
  EXPECT_EQ(got.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_FAILED);

  // Analysed now (Aura's analyze-clothing-item route): the model's failure
  // is UNAVAILABLE (503), the item unchanged, no job queued.
  v1::AnalyzeItemRequest now;
  now.set_item_id(item_id);
  now.set_wait(true);
  v1::AnalyzeItemResponse refused;
  const auto unavailable = wardrobe->AnalyzeItem(Ctx(token).get(), now, &refused);
  EXPECT_EQ(unavailable.error_code(), grpc::StatusCode::UNAVAILABLE) << Describe(unavailable);
  v1::GetItemResponse after;
  ASSERT_TRUE(wardrobe->GetItem(Ctx(token).get(), get, &after).ok());
  EXPECT_EQ(after.item().SerializeAsString(), got.item().SerializeAsString()) << "nothing half-written";
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM analysis_jobs WHERE item_id = '" + item_id + "'"), "1");

  // On demand: a new job, the item pending again.
  v1::AnalyzeItemRequest again;
  again.set_item_id(item_id);
  v1::AnalyzeItemResponse analyzed;
  ASSERT_TRUE(wardrobe->AnalyzeItem(Ctx(token).get(), again, &analyzed).ok());
  EXPECT_EQ(analyzed.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_PENDING);
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM analysis_jobs WHERE item_id = '" + item_id + "'"), "2");
}

// A job whose worker died mid-analysis (its lease ran out, status still
// running) is taken again by another worker and finished.
TEST(AnalysisQueueTest, AJobWhoseWorkerDiedIsTakenAgain) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_ANALYSIS_WORKERS"] = "0";
  ServerProcess queuing(env);
  const auto [token, item_id] = QueuePhoto(queuing, "lease", "train/shoes");
  ASSERT_EQ(queuing.Stop(), 0);
  // As a worker leaves it when its process dies after claiming the job.
  db.QueryValue("UPDATE analysis_jobs SET status = 'running', attempts = 1, "
                "locked_until = clock_timestamp() - interval '1 second' WHERE item_id = '" + item_id +
                "' RETURNING id");

  env["STYLIST_ANALYSIS_WORKERS"] = "1";
  ServerProcess working(env);
  std::string status;
  for (int i = 0; i < 100 && status != "done/2"; ++i) {
    std::this_thread::sleep_for(100ms);
    status = JobStatus(db, item_id);
  }
  EXPECT_EQ(status, "done/2");
  auto again = v1::WardrobeService::NewStub(working.NewChannel());
  v1::GetItemRequest get;
  get.set_item_id(item_id);
  v1::GetItemResponse got;
  ASSERT_TRUE(again->GetItem(Ctx(token).get(), get, &got).ok());
  EXPECT_EQ(got.item().analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
}

// Rows written before migration 0010 (no binary copies) get their copies
// in the background after start, and read exactly as before.
TEST(CopyBackfillTest, RowsWithoutBinaryCopiesGetThemAfterStartAndReadTheSame) {
  ScratchDatabase db;
  const auto env = DefaultServerEnv(db.url());
  auto get = [](ServerProcess& server, const std::string& token, const std::string& id) {
    auto wardrobe = v1::WardrobeService::NewStub(server.NewChannel());
    v1::GetItemRequest req;
    req.set_item_id(id);
    v1::GetItemResponse resp;
    const auto status = wardrobe->GetItem(Ctx(token).get(), req, &resp);
    EXPECT_TRUE(status.ok()) << Describe(status);
    return resp.item();
  };
  QueuedPhoto queued;
  v1::ClothingItem before;
  {
    ServerProcess first(env);
    queued = QueuePhoto(first, "backfill", "train/t-shirt");
    for (int i = 0; i < 100 && JobStatus(db, queued.item_id) != "done/1"; ++i) std::this_thread::sleep_for(100ms);
    before = get(first, queued.token, queued.item_id);
    ASSERT_EQ(before.analysis_status(), v1::ITEM_ANALYSIS_STATUS_DONE);
    ASSERT_EQ(first.Stop(), 0);
  }
  const std::string where = " WHERE id = '" + queued.item_id + "'";
  // As migration 0010 found the rows written before it.
  db.QueryValue("UPDATE clothing_items SET photo_pb = NULL, analysis_pb = NULL" + where + " RETURNING id");
  const std::string version = db.QueryValue("SELECT change_seq || '/' || updated_at FROM clothing_items" + where);

  ServerProcess second(env);
  std::string copies;
  for (int i = 0; i < 100 && copies != "true"; ++i) {
    std::this_thread::sleep_for(50ms);
    copies = db.QueryValue("SELECT (photo_pb IS NOT NULL AND analysis_pb IS NOT NULL)::text FROM clothing_items" +
                           where);
  }
  EXPECT_EQ(copies, "true");
  EXPECT_EQ(db.QueryValue("SELECT change_seq || '/' || updated_at FROM clothing_items" + where), version)
      << "filling the copies is not a change a client should sync";
  EXPECT_EQ(get(second, queued.token, queued.item_id).SerializeAsString(), before.SerializeAsString());
}

// Photos stored by skip_analysis before the SKIPPED status existed had an
// empty status; migration 0012 names it.
TEST(SkippedStatusMigrationTest, EmptyStatusesBecomeSkipped) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_ANALYSIS_WORKERS"] = "0";
  QueuedPhoto queued;
  {
    ServerProcess first(env);
    queued = QueuePhoto(first, "oldskip", "train/hat");
    ASSERT_EQ(first.Stop(), 0);
  }
  // The row as the older code left it, and the database as it was before 0012.
  db.QueryValue("UPDATE clothing_items SET analysis_status = '', analysis = NULL, analysis_pb = NULL WHERE id = '" +
                queued.item_id + "' RETURNING id");
  db.QueryValue("DELETE FROM schema_migrations WHERE version LIKE '0012%' RETURNING version");
  ServerProcess second(env);
  EXPECT_EQ(db.QueryValue("SELECT analysis_status FROM clothing_items WHERE id = '" + queued.item_id + "'"),
            "skipped");
}

TEST_F(PhotoTest, DeletingTheAccountDeletesItsPhotos) {
  std::string password;
  const auto reg = RegisterUser(*Shared().users, "ph_gone", &password);
  const std::string token = reg.tokens().access_token();
  const std::string item = NewItem(*wardrobe_, token);
  const std::string dir = Shared().server->storage_dir();
  const int before = CountFiles(dir);
  v1::UploadItemPhotoResponse resp;
  ASSERT_TRUE(Upload(*wardrobe_, token, item, DatasetPhoto("train/skirt"), &resp).ok());
  EXPECT_EQ(CountFiles(dir), before + 2);
  v1::DeleteAccountRequest del;
  del.set_password(password);
  v1::DeleteAccountResponse deleted;
  ASSERT_TRUE(Shared().users->DeleteAccount(Ctx(token).get(), del, &deleted).ok());
  EXPECT_EQ(CountFiles(dir), before);
}

// The production storage option: photos as objects of an S3-compatible
// bucket (a fake that checks every SigV4 signature), with the same
// guarantees as the folder: replaced and removed photos leave no objects,
// and a failing store leaves nothing behind.
// A server's environment with its photos in the fake bucket.
std::map<std::string, std::string> S3ServerEnv(const ScratchDatabase& db, const FakeS3& s3) {
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_STORAGE_BACKEND"] = "s3";
  env["STYLIST_S3_ENDPOINT"] = s3.endpoint();
  env["STYLIST_S3_BUCKET"] = "stylist-photos";
  env["STYLIST_S3_ACCESS_KEY_ID"] = "AKIDSTYLISTTEST";
  env["STYLIST_S3_SECRET_ACCESS_KEY"] = "s3-secret-for-the-integration-tests";
  return env;
}

TEST(PhotoS3Test, PhotosLiveInAnS3BucketWhenConfigured) {
  ScratchDatabase db;
  FakeS3 s3("stylist-photos", "AKIDSTYLISTTEST", "s3-secret-for-the-integration-tests");
  auto env = S3ServerEnv(db, s3);
  env["STYLIST_S3_PREFIX"] = "stylist/";
  ServerProcess server(env);
  auto users = v1::UserService::NewStub(server.NewChannel());
  auto wardrobe = v1::WardrobeService::NewStub(server.NewChannel());
  const auto token = RegisterUser(*users, "s3").tokens().access_token();
  v1::CreateItemRequest create;
  create.mutable_item()->set_name("stored in a bucket");
  v1::CreateItemResponse created;
  ASSERT_TRUE(wardrobe->CreateItem(Ctx(token).get(), create, &created).ok());
  const auto item = created.item().item_id();

  v1::UploadItemPhotoResponse resp;
  auto status = Upload(*wardrobe, token, item, DatasetPhoto("train/t-shirt"), &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  auto objects = s3.objects();
  ASSERT_EQ(objects.size(), 2u) << "the photo and its thumbnail";
  EXPECT_EQ(objects.begin()->first.rfind("stylist/photos/", 0), 0u) << objects.begin()->first;
  EXPECT_EQ(objects.rbegin()->first.rfind("stylist/thumbnails/", 0), 0u) << objects.rbegin()->first;
  v1::PhotoInfo info;
  const auto downloaded = Download(*wardrobe, token, item, false, &info, &status);
  ASSERT_TRUE(status.ok()) << Describe(status);
  bool found = false;
  for (const auto& [key, bytes] : objects) found |= bytes == downloaded;
  EXPECT_TRUE(found) << "the download is the stored object";

  ASSERT_TRUE(Upload(*wardrobe, token, item, DatasetPhoto("train/t-shirt", 1), &resp).ok());
  EXPECT_EQ(s3.objects().size(), 2u) << "the replaced photo's objects were removed";
  v1::DeleteItemPhotoRequest del;
  del.set_item_id(item);
  v1::DeleteItemPhotoResponse deleted;
  ASSERT_TRUE(wardrobe->DeleteItemPhoto(Ctx(token).get(), del, &deleted).ok());
  EXPECT_TRUE(s3.objects().empty());

  // Brief trouble is retried away; a store that stays down fails the
  // upload and leaves neither objects nor a photo on the item.
  s3.fail_next(1);
  ASSERT_TRUE(Upload(*wardrobe, token, item, DatasetPhoto("train/t-shirt", 2), &resp).ok());
  ASSERT_TRUE(wardrobe->DeleteItemPhoto(Ctx(token).get(), del, &deleted).ok());
  s3.fail_next(1000);
  status = Upload(*wardrobe, token, item, DatasetPhoto("train/t-shirt", 2), &resp);
  EXPECT_FALSE(status.ok());
  s3.fail_next(0);
  EXPECT_TRUE(s3.objects().empty());
  v1::GetItemRequest get;
  get.set_item_id(item);
  v1::GetItemResponse got;
  ASSERT_TRUE(wardrobe->GetItem(Ctx(token).get(), get, &got).ok());
  EXPECT_FALSE(got.item().has_photo());

  // Deleting the item deletes its objects.
  ASSERT_TRUE(Upload(*wardrobe, token, item, DatasetPhoto("train/t-shirt", 3), &resp).ok());
  EXPECT_EQ(s3.objects().size(), 2u);
  v1::DeleteItemRequest drop;
  drop.set_item_id(item);
  v1::DeleteItemResponse dropped;
  ASSERT_TRUE(wardrobe->DeleteItem(Ctx(token).get(), drop, &dropped).ok());
  EXPECT_TRUE(s3.objects().empty()) << "the item's objects outlived it";
  EXPECT_EQ(s3.refused_signatures(), 0) << "every request was signed correctly";
  EXPECT_EQ(server.Log().find("s3-secret-for-the-integration-tests"), std::string::npos);
}

TEST(PhotoS3Test, PresignedPhotoUrlsServeTheObjectUntilTheyExpire) {
  ScratchDatabase db;
  FakeS3 s3("stylist-photos", "AKIDSTYLISTTEST", "s3-secret-for-the-integration-tests");
  auto env = S3ServerEnv(db, s3);
  env["STYLIST_S3_PHOTO_URL_TTL"] = "4s";
  ServerProcess server(env);
  auto users = v1::UserService::NewStub(server.NewChannel());
  auto wardrobe = v1::WardrobeService::NewStub(server.NewChannel());
  const auto token = RegisterUser(*users, "s3url").tokens().access_token();
  v1::CreateItemRequest create;
  create.mutable_item()->set_name("fetched from the bucket");
  v1::CreateItemResponse created;
  ASSERT_TRUE(wardrobe->CreateItem(Ctx(token).get(), create, &created).ok());
  const auto item = created.item().item_id();
  v1::GetItemPhotoUrlRequest req;
  req.set_item_id(item);
  v1::GetItemPhotoUrlResponse url;
  EXPECT_EQ(wardrobe->GetItemPhotoUrl(Ctx(token).get(), req, &url).error_code(), grpc::StatusCode::NOT_FOUND)
      << "no photo yet";
  v1::UploadItemPhotoResponse uploaded;
  ASSERT_TRUE(Upload(*wardrobe, token, item, DatasetPhoto("train/t-shirt"), &uploaded).ok());

  const auto issued = std::chrono::system_clock::now();
  ASSERT_TRUE(wardrobe->GetItemPhotoUrl(Ctx(token).get(), req, &url).ok());
  EXPECT_EQ(url.url().rfind(s3.endpoint() + "/stylist-photos/photos/", 0), 0u) << url.url();
  EXPECT_NEAR(static_cast<double>(url.expire_time().seconds()),
              static_cast<double>(std::chrono::system_clock::to_time_t(issued) + 4), 1.0);
  v1::PhotoInfo info;
  grpc::Status status;
  const auto photo = Download(*wardrobe, token, item, false, &info, &status);
  const auto [code, body] = HttpGet(url.url());
  EXPECT_EQ(code, 200);
  EXPECT_EQ(body, photo) << "the URL serves the stored photo";
  req.set_thumbnail(true);
  v1::GetItemPhotoUrlResponse thumb;
  ASSERT_TRUE(wardrobe->GetItemPhotoUrl(Ctx(token).get(), req, &thumb).ok());
  EXPECT_EQ(HttpGet(thumb.url()).second, Download(*wardrobe, token, item, true, &info, &status));

  // The URL names one object: another key with its signature is refused.
  std::string forged = url.url();
  forged.replace(forged.find("/photos/") + 8, 2, "00");
  EXPECT_EQ(HttpGet(forged).first, 403);
  // Another user's item is not found.
  const auto other = RegisterUser(*users, "s3url2").tokens().access_token();
  EXPECT_EQ(wardrobe->GetItemPhotoUrl(Ctx(other).get(), req, &thumb).error_code(), grpc::StatusCode::NOT_FOUND);
  // Once its time is over, the URL is refused.
  std::this_thread::sleep_until(issued + std::chrono::seconds(6));
  EXPECT_EQ(HttpGet(url.url()).first, 403);
  EXPECT_EQ(s3.refused_signatures(), 2) << "the forged and the expired URL, nothing else";
}

TEST(PhotoS3Test, AWrongBucketOrRefusedKeysStopTheServerAtStart) {
  ScratchDatabase db;
  FakeS3 s3("stylist-photos", "AKIDSTYLISTTEST", "s3-secret-for-the-integration-tests");
  for (const auto& [bucket, secret, why] :
       {std::tuple{"no-such-bucket", "s3-secret-for-the-integration-tests", "no bucket named no-such-bucket"},
        std::tuple{"stylist-photos", "a-wrong-secret", "the access key is refused"}}) {
    auto env = DefaultServerEnv(db.url());
    env["STYLIST_STORAGE_BACKEND"] = "s3";
    env["STYLIST_S3_ENDPOINT"] = s3.endpoint();
    env["STYLIST_S3_BUCKET"] = bucket;
    env["STYLIST_S3_ACCESS_KEY_ID"] = "AKIDSTYLISTTEST";
    env["STYLIST_S3_SECRET_ACCESS_KEY"] = secret;
    ServerProcess server(env, /*wait_until_ready=*/false);
    // It exits by itself, saying why.
    for (int i = 0; i < 300 && server.Log().find(why) == std::string::npos; ++i) std::this_thread::sleep_for(100ms);
    EXPECT_NE(server.Log().find(why), std::string::npos) << server.Log();
    EXPECT_NE(server.Stop(), 0);
  }
}

}  // namespace
}  // namespace stylist::testing
