// The image gate through the real server, on every path that takes image
// bytes (photo upload, legacy upload, inline and streamed clothing
// analysis, skin analysis): crafted files are refused with the reason, and
// the server's resident-memory high-water stays within its decode budget
// plus a fixed allowance while they and a burst of large honest images
// arrive. (Before the gate a 634-byte JPEG cost 1.2 GB on the upload
// paths, and a 16-bit PNG 500 MB per upload.)
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

#include "server_process.h"
#include "stylist/v1/analysis.grpc.pb.h"
#include "stylist/v1/legacy.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"
#include "support/crafted_images.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;
constexpr std::int64_t kMiB = 1 << 20;
constexpr std::int64_t kMaxDecode = 64 * kMiB;
constexpr std::int64_t kBudget = 128 * kMiB;
// What the server may hold beyond its decode budget while it takes images:
// gRPC's buffers of the messages in flight, the stored photo's re-encode,
// the analyses' working images and the model's activations.
constexpr std::int64_t kAllowance = 160 * kMiB;

std::int64_t StatusField(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1)) * 1024;
  }
  return -1;
}

// Resets the process's resident high-water mark (VmHWM) to its current
// resident size.
bool ResetHighWater(int pid) {
  std::ofstream out("/proc/" + std::to_string(pid) + "/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + 1) out.push_back(s.substr(start, at - start));
  out.push_back(s.substr(start));
  return out;
}

template <typename Req, typename Writer>
void SendChunks(Writer& writer, const std::string& bytes) {
  for (std::size_t off = 0; off < bytes.size(); off += 64 * 1024) {
    Req msg;
    msg.mutable_chunk()->set_data(bytes.substr(off, 64 * 1024));
    if (!writer->Write(msg)) break;  // the server already answered
  }
  writer->WritesDone();
}

class ImageGateServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new ScratchDatabase();
    auto env = DefaultServerEnv(db_->url());
    env["STYLIST_MAX_DECODE_MEMORY"] = "64MiB";
    env["STYLIST_DECODE_MEMORY_BUDGET"] = "128MiB";
    env["STYLIST_LEGACY_OPEN_ACCESS"] = "true";
    server_ = new ServerProcess(env);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete db_;
    db_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(server_, nullptr) << "the suite's server did not start";
    auto channel = server_->NewChannel();
    wardrobe_ = v1::WardrobeService::NewStub(channel);
    analysis_ = v1::AnalysisService::NewStub(channel);
    legacy_ = v1::LegacyService::NewStub(channel);
    users_ = v1::UserService::NewStub(channel);
    token_ = RegisterUser(*users_, "gate").tokens().access_token();
    v1::CreateItemRequest item;
    item.mutable_item()->set_name("gated");
    v1::CreateItemResponse created;
    ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), item, &created).ok());
    item_id_ = created.item().item_id();
    v1::CreateLegacyUserRequest legacy_user;
    legacy_user.set_username("gate" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    v1::CreateLegacyUserResponse legacy_created;
    ASSERT_TRUE(legacy_->CreateLegacyUser(Ctx().get(), legacy_user, &legacy_created).ok());
    legacy_id_ = legacy_created.user().id();
  }

  // Every path that takes image bytes, by name.
  std::vector<std::pair<std::string, std::function<grpc::Status(const std::string&)>>> Paths() {
    return {
        {"UploadItemPhoto",
         [this](const std::string& bytes) {
           v1::UploadItemPhotoResponse resp;
           auto ctx = Ctx(token_);
           auto writer = wardrobe_->UploadItemPhoto(ctx.get(), &resp);
           v1::UploadItemPhotoRequest first;
           first.mutable_metadata()->set_item_id(item_id_);
           first.mutable_metadata()->set_skip_analysis(true);
           if (writer->Write(first)) SendChunks<v1::UploadItemPhotoRequest>(writer, bytes);
           return writer->Finish();
         }},
        {"UploadLegacyImage",
         [this](const std::string& bytes) {
           v1::UploadLegacyImageResponse resp;
           auto ctx = Ctx();
           auto writer = legacy_->UploadLegacyImage(ctx.get(), &resp);
           v1::UploadLegacyImageRequest first;
           first.mutable_metadata()->set_user_id(legacy_id_);
           if (writer->Write(first)) SendChunks<v1::UploadLegacyImageRequest>(writer, bytes);
           return writer->Finish();
         }},
        {"AnalyzeClothing",
         [this](const std::string& bytes) {
           v1::AnalyzeClothingRequest req;
           req.set_image(bytes);
           v1::AnalyzeClothingResponse resp;
           return analysis_->AnalyzeClothing(Ctx(token_).get(), req, &resp);
         }},
        {"UploadAndAnalyzeClothing",
         [this](const std::string& bytes) {
           v1::UploadAndAnalyzeClothingResponse resp;
           auto ctx = Ctx(token_);
           auto writer = analysis_->UploadAndAnalyzeClothing(ctx.get(), &resp);
           v1::UploadAndAnalyzeClothingRequest first;
           first.mutable_metadata()->set_file_name("x");
           if (writer->Write(first)) SendChunks<v1::UploadAndAnalyzeClothingRequest>(writer, bytes);
           return writer->Finish();
         }},
        {"AnalyzeSkin",
         [this](const std::string& bytes) {
           v1::AnalyzeSkinRequest req;
           req.set_image(bytes);
           req.set_keep_photo(true);
           v1::AnalyzeSkinResponse resp;
           return analysis_->AnalyzeSkin(Ctx(token_).get(), req, &resp);
         }},
    };
  }

  static ScratchDatabase* db_;
  static ServerProcess* server_;
  std::unique_ptr<v1::WardrobeService::Stub> wardrobe_;
  std::unique_ptr<v1::AnalysisService::Stub> analysis_;
  std::unique_ptr<v1::LegacyService::Stub> legacy_;
  std::unique_ptr<v1::UserService::Stub> users_;
  std::string token_;
  std::string item_id_;
  std::int64_t legacy_id_ = 0;
};

ScratchDatabase* ImageGateServerTest::db_ = nullptr;
ServerProcess* ImageGateServerTest::server_ = nullptr;

TEST_F(ImageGateServerTest, CraftedFilesAreRefusedOnEveryPathWithinTheMemoryBudget) {
  const std::string photo = DatasetPhoto("train/shoes");
  // Warm up every path with an honest photo: models, pools and arenas are
  // what they will be before the high-water mark is reset.
  for (const auto& [name, send] : Paths()) {
    const auto status = send(photo);
    ASSERT_TRUE(status.ok()) << name << ": " << Describe(status);
  }
  const int pid = server_->pid();
  const std::int64_t resident = StatusField(pid, "VmRSS");
  ASSERT_TRUE(ResetHighWater(pid));

  struct Crafted {
    const char* what;
    std::string bytes;
    const char* reason;
  };
  const std::vector<Crafted> crafted = {
      {"20000x20000 JPEG frame hidden behind a stray FF 00", crafted::JpegWithHiddenFrame(20000, 20000), "pixels"},
      {"60000x60000 PNG header", crafted::WithPngSize(crafted::FlatPng(64, 64), 60000, 60000), "pixels"},
      {"6000x6000 16-bit RGBA PNG", crafted::FlatPng(6000, 6000, true), "would need"},
      {"5000x5000 progressive JPEG", crafted::FlatJpeg(5000, 5000, 40, 90, 200, true), "progressive"},
      {"small JPEG data under a 3000x3000 frame", crafted::WithJpegFrameSize(crafted::FlatJpeg(64, 64), 3000, 3000),
       "truncated"},
      {"truncated photo", photo.substr(0, photo.size() / 2), "truncated"},
      {"GIF carrying a JPEG", "GIF89a" + photo, "not a"},
      {"65500x1 strip (the classifier would scale its short side up)", crafted::FlatJpeg(65500, 1), "at most 20 times"},
      // The legacy upload takes JPEG and PNG only: there, any WebP is "not a".
      {"animated WebP", crafted::AnimatedWebpHeader() + std::string(64, '\0'), "animated|not a"},
      {"truncated WebP", crafted::FlatWebp(300, 200, true).substr(0, 40), "truncated|not a"},
  };
  for (const auto& [name, send] : Paths()) {
    for (const auto& c : crafted) {
      const auto status = send(c.bytes);
      EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << name << ", " << c.what << ": " << Describe(status);
      bool named = false;
      for (const auto& reason : Split(c.reason, '|')) named |= status.error_message().find(reason) != std::string::npos;
      EXPECT_TRUE(named) << name << ", " << c.what << ": " << status.error_message() << " (want " << c.reason << ")";
    }
  }

  const std::int64_t after_crafted = StatusField(pid, "VmHWM");
  // A burst of large honest images, eight at once on every path: each is
  // answered (stored, analysed, or "busy" when the budget stays full), and
  // none costs more than the budget.
  const std::string large_png = crafted::FlatPng(3000, 3000, true);  // 27 MB to decode
  int busy = 0;
  for (const auto& [name, send] : Paths()) {
    std::vector<std::thread> threads;
    std::vector<grpc::Status> results(8);
    for (int i = 0; i < 8; ++i) threads.emplace_back([&, i] { results[i] = send(large_png); });
    for (auto& t : threads) t.join();
    for (const auto& status : results) {
      if (status.error_code() == StatusCode::RESOURCE_EXHAUSTED) {
        ++busy;
        continue;
      }
      EXPECT_TRUE(status.ok()) << name << ": " << Describe(status);
    }
  }
  const std::int64_t high_water = StatusField(pid, "VmHWM");
  const std::int64_t growth = high_water - resident;
  std::cout << "[ image gate ] server resident " << resident / kMiB << " MiB before, high-water " << high_water / kMiB
            << " MiB (+" << growth / kMiB << " MiB; +" << (after_crafted - resident) / kMiB
            << " MiB after the crafted files alone) under " << crafted.size() << " crafted files x " << Paths().size()
            << " paths and 8 concurrent 3000x3000 16-bit PNGs per path (" << busy << " answered busy); decode budget "
            << kBudget / kMiB << " MiB, " << kMaxDecode / kMiB << " MiB per image\n";
  RecordProperty("server_high_water_growth_mib", static_cast<int>(growth / kMiB));
  EXPECT_LT(growth, kBudget + kAllowance);
}

}  // namespace
}  // namespace stylist::testing
