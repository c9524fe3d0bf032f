// AnalysisService through a real server: clothing tagging of inline,
// streamed and stored photos; skin analysis with its quality gate, stored
// history, photo keeping, ownership, export and erasure.
#include <gtest/gtest.h>

#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analysis/skin_rules.h"
#include "server_process.h"
#include "storage/blob_store.h"
#include "storage/sealed_blob_store.h"
#include "stylist/v1/analysis.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;
namespace fs = std::filesystem;

std::string FacePhoto() {
  const fs::path path = fs::path(STYLIST_SOURCE_DIR) / ".tools/testdata/faces/astronaut.png";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("no face photo at " + path.string() + ": run tools/fetch-test-images.sh");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A real photo with no face in it: a pair of trousers on a floor.
std::string NoFace() { return DatasetPhoto("validation/pants", 2); }

class AnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto channel = Shared().server->NewChannel();
    analysis_ = v1::AnalysisService::NewStub(channel);
    wardrobe_ = v1::WardrobeService::NewStub(channel);
    token_ = RegisterUser(*Shared().users, "an").tokens().access_token();
  }

  grpc::Status Skin(const std::string& token, const std::string& image, v1::AnalyzeSkinResponse* resp,
                    std::optional<bool> keep = std::nullopt) {
    v1::AnalyzeSkinRequest req;
    req.set_image(image);
    if (keep) req.set_keep_photo(*keep);
    return analysis_->AnalyzeSkin(Ctx(token).get(), req, resp);
  }

  std::vector<v1::SkinAnalysis> History(const std::string& token, int page_size = 0) {
    std::vector<v1::SkinAnalysis> out;
    std::string page;
    do {
      v1::ListSkinAnalysesRequest req;
      req.set_page_size(page_size);
      req.set_page_token(page);
      v1::ListSkinAnalysesResponse resp;
      const auto status = analysis_->ListSkinAnalyses(Ctx(token).get(), req, &resp);
      if (!status.ok()) throw std::runtime_error(Describe(status));
      out.insert(out.end(), resp.analyses().begin(), resp.analyses().end());
      page = resp.next_page_token();
    } while (!page.empty());
    return out;
  }

  std::unique_ptr<v1::AnalysisService::Stub> analysis_;
  std::unique_ptr<v1::WardrobeService::Stub> wardrobe_;
  std::string token_;
};

void ExpectFullClothingAnalysis(const v1::ClothingAnalysis& a) {
  EXPECT_FALSE(a.type().label().empty());
  EXPECT_GT(a.type().confidence(), 0.0f);
  EXPECT_NE(a.category().category(), v1::CLOTHING_CATEGORY_UNSPECIFIED);
  EXPECT_FALSE(a.primary_color().name().empty());
  EXPECT_EQ(a.primary_color().hex().size(), 7u);
  EXPECT_GE(a.colors_size(), 1);
  for (const auto& c : a.colors()) EXPECT_NE(c.family(), v1::COLOR_FAMILY_UNSPECIFIED) << c.name();
  EXPECT_NE(a.pattern().pattern(), v1::CLOTHING_PATTERN_UNSPECIFIED);
  EXPECT_FALSE(a.style().label().empty());
  EXPECT_LE(a.style().confidence(), 0.65f);
  EXPECT_FALSE(a.model_version().empty());
  EXPECT_TRUE(a.has_analyze_time());
}

// Dark denim comes out of a phone photo at chroma 10-15, nearer a grey
// than any blue in distance; its family is still blue, and so is its name.
TEST_F(AnalysisTest, DarkDenimIsBlueNotCharcoal) {
  v1::AnalyzeClothingRequest req;
  req.set_image(DatasetPhoto("validation/pants", 3));  // labelled blue (tests/ml/fixtures)
  v1::AnalyzeClothingResponse resp;
  ASSERT_TRUE(analysis_->AnalyzeClothing(Ctx(token_).get(), req, &resp).ok());
  EXPECT_EQ(resp.analysis().primary_color().family(), v1::COLOR_FAMILY_BLUE) << resp.analysis().DebugString();
  EXPECT_EQ(resp.analysis().primary_color().name(), "navy");
}

TEST_F(AnalysisTest, AnalyzeClothingInlineBytes) {
  v1::AnalyzeClothingRequest req;
  req.set_image(DatasetPhoto("validation/pants", 0));
  v1::AnalyzeClothingResponse resp;
  ASSERT_TRUE(analysis_->AnalyzeClothing(Ctx(token_).get(), req, &resp).ok());
  ExpectFullClothingAnalysis(resp.analysis());
  // A service key may analyse too.
  v1::AnalyzeClothingResponse by_key;
  ASSERT_TRUE(analysis_->AnalyzeClothing(KeyCtx(kBootstrapApiKey).get(), req, &by_key).ok());
  EXPECT_EQ(by_key.analysis().type().label(), resp.analysis().type().label());
  // Nobody else.
  EXPECT_EQ(analysis_->AnalyzeClothing(Ctx().get(), req, &resp).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(AnalysisTest, AnalyzeClothingRefusesBadInput) {
  v1::AnalyzeClothingResponse resp;
  v1::AnalyzeClothingRequest none;
  auto s = analysis_->AnalyzeClothing(Ctx(token_).get(), none, &resp);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"source"});

  v1::AnalyzeClothingRequest garbage;
  garbage.set_image("definitely not an image");
  s = analysis_->AnalyzeClothing(Ctx(token_).get(), garbage, &resp);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"image"});

  const std::string photo = DatasetPhoto("validation/pants", 0);
  v1::AnalyzeClothingRequest truncated;
  truncated.set_image(photo.substr(0, photo.size() / 2));
  s = analysis_->AnalyzeClothing(Ctx(token_).get(), truncated, &resp);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("truncated"), std::string::npos) << Describe(s);

  v1::AnalyzeClothingRequest bad_id;
  bad_id.set_item_id("not-an-id");
  EXPECT_EQ(analysis_->AnalyzeClothing(Ctx(token_).get(), bad_id, &resp).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(AnalysisTest, AnalyzeClothingOfAStoredItemIsScopedToItsOwner) {
  v1::CreateItemRequest create;
  create.mutable_item()->set_name("jeans");
  v1::CreateItemResponse item;
  ASSERT_TRUE(wardrobe_->CreateItem(Ctx(token_).get(), create, &item).ok());
  v1::AnalyzeClothingRequest req;
  req.set_item_id(item.item().item_id());
  v1::AnalyzeClothingResponse resp;
  EXPECT_EQ(analysis_->AnalyzeClothing(Ctx(token_).get(), req, &resp).error_code(), StatusCode::FAILED_PRECONDITION);

  // Upload its photo, then analyse it by id.
  {
    auto ctx = Ctx(token_);
    v1::UploadItemPhotoResponse uploaded;
    auto writer = wardrobe_->UploadItemPhoto(ctx.get(), &uploaded);
    v1::UploadItemPhotoRequest first;
    first.mutable_metadata()->set_item_id(item.item().item_id());
    first.mutable_metadata()->set_skip_analysis(true);
    ASSERT_TRUE(writer->Write(first));
    v1::UploadItemPhotoRequest chunk;
    chunk.mutable_chunk()->set_data(DatasetPhoto("validation/pants", 1));
    ASSERT_TRUE(writer->Write(chunk));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  ASSERT_TRUE(analysis_->AnalyzeClothing(Ctx(token_).get(), req, &resp).ok());
  ExpectFullClothingAnalysis(resp.analysis());

  // Another user, and a service key (no user), cannot reach it.
  const auto other = RegisterUser(*Shared().users, "an2").tokens().access_token();
  EXPECT_EQ(analysis_->AnalyzeClothing(Ctx(other).get(), req, &resp).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(analysis_->AnalyzeClothing(KeyCtx(kBootstrapApiKey).get(), req, &resp).error_code(), StatusCode::PERMISSION_DENIED);
}

TEST_F(AnalysisTest, UploadAndAnalyzeClothingInChunks) {
  const std::string photo = DatasetPhoto("validation/shoes", 0);
  auto upload = [&](const std::string& bytes, v1::UploadAndAnalyzeClothingResponse* resp) {
    auto ctx = Ctx(token_);
    auto writer = analysis_->UploadAndAnalyzeClothing(ctx.get(), resp);
    v1::UploadAndAnalyzeClothingRequest first;
    first.mutable_metadata()->set_file_name("shoe.jpg");
    first.mutable_metadata()->set_declared_size_bytes(static_cast<std::int64_t>(bytes.size()));
    if (writer->Write(first)) {
      for (std::size_t off = 0; off < bytes.size(); off += 16 * 1024) {
        v1::UploadAndAnalyzeClothingRequest msg;
        msg.mutable_chunk()->set_data(bytes.substr(off, 16 * 1024));
        if (!writer->Write(msg)) break;
      }
    }
    writer->WritesDone();
    return writer->Finish();
  };
  v1::UploadAndAnalyzeClothingResponse resp;
  const auto ok = upload(photo, &resp);
  ASSERT_TRUE(ok.ok()) << Describe(ok);
  ExpectFullClothingAnalysis(resp.analysis());
  EXPECT_EQ(upload("GIF89a" + std::string(5000, 'x'), &resp).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(AnalysisTest, SkinAnalysisFollowsTheSeedRulesAndIsStored) {
  v1::AnalyzeSkinResponse resp;
  const auto status = Skin(token_, FacePhoto(), &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  ASSERT_TRUE(resp.quality().passed()) << resp.quality().hint();
  const auto& a = resp.analysis();
  ASSERT_EQ(a.conditions_size(), 8);
  analysis::ConditionProbabilities p{};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(a.conditions(i).condition(), static_cast<v1::SkinCondition>(i + 1));
    EXPECT_EQ(a.conditions(i).detected(), a.conditions(i).probability() > 0.5f);
    p[static_cast<std::size_t>(i)] = a.conditions(i).probability();
  }
  EXPECT_NE(a.skin_type(), v1::SKIN_TYPE_UNSPECIFIED);
  EXPECT_EQ(a.skin_score(), analysis::SkinScore(p));
  EXPECT_GE(a.recommended_chapter(), 1);
  EXPECT_LE(a.recommended_chapter(), 7);
  EXPECT_FALSE(a.recommended_chapter_title().empty());
  EXPECT_FALSE(a.disclaimer().empty());
  EXPECT_FALSE(a.photo_kept());

  // Stored: Get returns the same analysis; another user cannot see it.
  v1::GetSkinAnalysisRequest get;
  get.set_analysis_id(a.analysis_id());
  v1::GetSkinAnalysisResponse got;
  ASSERT_TRUE(analysis_->GetSkinAnalysis(Ctx(token_).get(), get, &got).ok());
  EXPECT_EQ(got.analysis().skin_score(), a.skin_score());
  EXPECT_EQ(got.analysis().recommended_chapter(), a.recommended_chapter());
  EXPECT_EQ(got.analysis().create_time().seconds(), a.create_time().seconds());
  const auto other = RegisterUser(*Shared().users, "an3").tokens().access_token();
  EXPECT_EQ(analysis_->GetSkinAnalysis(Ctx(other).get(), get, &got).error_code(), StatusCode::NOT_FOUND);
  // A key reads only what it stored for a person of its app, named in app_user_id.
  EXPECT_EQ(analysis_->GetSkinAnalysis(KeyCtx(kBootstrapApiKey).get(), get, &got).error_code(),
            StatusCode::INVALID_ARGUMENT);
  get.set_analysis_id("nope");
  EXPECT_EQ(analysis_->GetSkinAnalysis(Ctx(token_).get(), get, &got).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(AnalysisTest, QualityGateFailuresAreAnswersNotErrorsAndStoreNothing) {
  v1::AnalyzeSkinResponse resp;
  ASSERT_TRUE(Skin(token_, NoFace(), &resp).ok());
  EXPECT_FALSE(resp.quality().passed());
  ASSERT_GE(resp.quality().issues_size(), 1);
  EXPECT_EQ(resp.quality().issues(0), v1::SKIN_PHOTO_ISSUE_NO_FACE);
  EXPECT_FALSE(resp.quality().hint().empty());
  EXPECT_FALSE(resp.has_analysis());
  EXPECT_TRUE(History(token_).empty());

  auto s = Skin(token_, "", &resp);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"image"});
  EXPECT_EQ(Skin(token_, "not an image", &resp).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(AnalysisTest, HistoryIsNewestFirstPagedAndDeletable) {
  const std::string face = FacePhoto();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    v1::AnalyzeSkinResponse resp;
    ASSERT_TRUE(Skin(token_, face, &resp).ok());
    ids.push_back(resp.analysis().analysis_id());
  }
  const auto history = History(token_, 2);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].analysis_id(), ids[2]);
  EXPECT_EQ(history[2].analysis_id(), ids[0]);

  v1::DeleteSkinAnalysisRequest del;
  del.set_analysis_id(ids[1]);
  v1::DeleteSkinAnalysisResponse deleted;
  const auto other = RegisterUser(*Shared().users, "an4").tokens().access_token();
  EXPECT_EQ(analysis_->DeleteSkinAnalysis(Ctx(other).get(), del, &deleted).error_code(), StatusCode::NOT_FOUND);
  ASSERT_TRUE(analysis_->DeleteSkinAnalysis(Ctx(token_).get(), del, &deleted).ok());
  EXPECT_EQ(analysis_->DeleteSkinAnalysis(Ctx(token_).get(), del, &deleted).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(History(token_).size(), 2u);
}

// The regular files under dir, by path.
std::set<std::string> FilesUnder(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out.insert(entry.path().string());
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST_F(AnalysisTest, PhotosAreKeptOnlyWhenAskedAndGoWithTheAnalysisAndTheAccount) {
  const std::string dir = Shared().server->storage_dir();
  const std::string face = FacePhoto();
  std::string password;
  const auto reg = RegisterUser(*Shared().users, "an5", &password);
  const std::string token = reg.tokens().access_token();

  const int before = CountFiles(dir);
  v1::AnalyzeSkinResponse discarded;
  ASSERT_TRUE(Skin(token, face, &discarded, false).ok());
  EXPECT_FALSE(discarded.analysis().photo_kept());
  EXPECT_EQ(CountFiles(dir), before);

  const auto files_before = FilesUnder(dir);
  v1::AnalyzeSkinResponse kept;
  ASSERT_TRUE(Skin(token, face, &kept, true).ok());
  EXPECT_TRUE(kept.analysis().photo_kept());
  EXPECT_EQ(CountFiles(dir), before + 1);
  // Kept encrypted: the file on disk is no JPEG and holds none of the
  // photo's bytes, names its key, and opens with that key to a JPEG.
  std::string blob_path;
  for (const auto& path : FilesUnder(dir)) {
    if (!files_before.count(path)) blob_path = path;
  }
  ASSERT_FALSE(blob_path.empty());
  const std::string raw = ReadFile(blob_path);
  EXPECT_EQ(raw.rfind("SSB1\x07test-k1", 0), 0u) << "the format's magic, then the key id";
  // Windows of 32 bytes, not a short marker: ciphertext is random, and a
  // 3-byte JPEG marker turns up by chance in about one 30 KB blob in 600.
  for (const size_t at : {size_t{0}, face.size() / 2, face.size() - 32}) {
    EXPECT_EQ(raw.find(face.substr(at, 32)), std::string::npos) << "the photo's bytes at " << at << " in the kept file";
  }
  const auto local = storage::NewLocalBlobStore(dir);
  const auto sealed = storage::NewSealedBlobStore(*local, storage::ParseBlobKeys(kTestFacePhotoKeys));
  const auto opened = sealed->Get(std::filesystem::relative(blob_path, dir).string());
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->rfind("\xFF\xD8\xFF", 0), 0u) << "opens to a JPEG";
  v1::DeleteSkinAnalysisRequest del;
  del.set_analysis_id(kept.analysis().analysis_id());
  v1::DeleteSkinAnalysisResponse deleted;
  ASSERT_TRUE(analysis_->DeleteSkinAnalysis(Ctx(token).get(), del, &deleted).ok());
  EXPECT_EQ(CountFiles(dir), before);

  // A service key's analysis is answered, never stored, and may not keep photos.
  v1::AnalyzeSkinRequest by_key;
  by_key.set_image(face);
  v1::AnalyzeSkinResponse key_resp;
  ASSERT_TRUE(analysis_->AnalyzeSkin(KeyCtx(kBootstrapApiKey).get(), by_key, &key_resp).ok());
  EXPECT_FALSE(key_resp.analysis().analysis_id().empty());
  EXPECT_FALSE(key_resp.analysis().photo_kept());
  by_key.set_keep_photo(true);
  EXPECT_EQ(analysis_->AnalyzeSkin(KeyCtx(kBootstrapApiKey).get(), by_key, &key_resp).error_code(), StatusCode::INVALID_ARGUMENT);

  // Export holds the analyses; deleting the account erases the kept photo.
  ASSERT_TRUE(Skin(token, face, &kept, true).ok());
  EXPECT_EQ(CountFiles(dir), before + 1);
  v1::ExportMyDataResponse exported;
  ASSERT_TRUE(Shared().users->ExportMyData(Ctx(token).get(), v1::ExportMyDataRequest(), &exported).ok());
  ASSERT_TRUE(exported.data().fields().count("skin_analyses"));
  EXPECT_EQ(exported.data().fields().at("skin_analyses").list_value().values_size(), 2);
  v1::DeleteAccountRequest erase;
  erase.set_password(password);
  v1::DeleteAccountResponse erased;
  ASSERT_TRUE(Shared().users->DeleteAccount(Ctx(token).get(), erase, &erased).ok());
  EXPECT_EQ(CountFiles(dir), before);
}

// Without a key for face photos, none is kept: asking in the call is
// refused before any work, the account's setting is answered unkept.
TEST(FacePhotoKeysTest, AServerWithoutKeysKeepsNoFacePhoto) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env.erase("STYLIST_FACE_PHOTO_KEYS_FILE");
  ServerProcess server(env);
  auto users = v1::UserService::NewStub(server.NewChannel());
  auto analysis = v1::AnalysisService::NewStub(server.NewChannel());
  const auto token = RegisterUser(*users, "nokeys").tokens().access_token();
  v1::AnalyzeSkinRequest req;
  req.set_image(FacePhoto());
  req.set_keep_photo(true);
  v1::AnalyzeSkinResponse resp;
  const auto refused = analysis->AnalyzeSkin(Ctx(token).get(), req, &resp);
  EXPECT_EQ(refused.error_code(), StatusCode::FAILED_PRECONDITION) << Describe(refused);
  EXPECT_NE(refused.error_message().find("STYLIST_FACE_PHOTO_KEYS_FILE"), std::string::npos);
  db.QueryValue(R"(UPDATE users SET privacy = COALESCE(privacy, '{}'::jsonb) || '{"keep_skin_photos": true}')");
  req.clear_keep_photo();
  const auto answered = analysis->AnalyzeSkin(Ctx(token).get(), req, &resp);
  ASSERT_TRUE(answered.ok()) << Describe(answered);
  EXPECT_FALSE(resp.analysis().photo_kept());
  EXPECT_EQ(CountFiles(server.storage_dir()), 0);
}

TEST_F(AnalysisTest, AKeysAnalysisForAnAppUserIsStoredForThemAndReadOnlyByThatKey) {
  const std::string face = FacePhoto();
  const auto app = MintKey(*Shared().users, {v1::API_KEY_SCOPE_ANALYSIS});
  const auto other = MintKey(*Shared().users, {v1::API_KEY_SCOPE_ANALYSIS});
  const std::string person = "skin-chapters-user-" + UniqueUsername("p");

  v1::AnalyzeSkinRequest req;
  req.set_image(face);
  req.set_app_user_id(person);
  v1::AnalyzeSkinResponse resp;
  ASSERT_TRUE(analysis_->AnalyzeSkin(KeyCtx(app.secret()).get(), req, &resp).ok());
  ASSERT_TRUE(resp.has_analysis());
  EXPECT_FALSE(resp.analysis().photo_kept());
  const std::string id = resp.analysis().analysis_id();

  v1::ListSkinAnalysesRequest list;
  list.set_app_user_id(person);
  v1::ListSkinAnalysesResponse listed;
  ASSERT_TRUE(analysis_->ListSkinAnalyses(KeyCtx(app.secret()).get(), list, &listed).ok());
  ASSERT_EQ(listed.analyses_size(), 1);
  EXPECT_EQ(listed.analyses(0).analysis_id(), id);
  EXPECT_EQ(listed.analyses(0).skin_score(), resp.analysis().skin_score());
  // Another key naming the same person sees nothing; nor does a user.
  ASSERT_TRUE(analysis_->ListSkinAnalyses(KeyCtx(other.secret()).get(), list, &listed).ok());
  EXPECT_EQ(listed.analyses_size(), 0);
  v1::GetSkinAnalysisRequest get;
  get.set_analysis_id(id);
  v1::GetSkinAnalysisResponse got;
  EXPECT_EQ(analysis_->GetSkinAnalysis(Ctx(token_).get(), get, &got).error_code(), StatusCode::NOT_FOUND);
  get.set_app_user_id(person);
  EXPECT_EQ(analysis_->GetSkinAnalysis(KeyCtx(other.secret()).get(), get, &got).error_code(), StatusCode::NOT_FOUND);
  ASSERT_TRUE(analysis_->GetSkinAnalysis(KeyCtx(app.secret()).get(), get, &got).ok());
  EXPECT_EQ(got.analysis().analysis_id(), id);

  // A photo is never kept for an app's user; the bootstrap key owns nothing.
  req.set_keep_photo(true);
  EXPECT_EQ(analysis_->AnalyzeSkin(KeyCtx(app.secret()).get(), req, &resp).error_code(), StatusCode::INVALID_ARGUMENT);
  req.clear_keep_photo();
  EXPECT_EQ(analysis_->AnalyzeSkin(KeyCtx(kBootstrapApiKey).get(), req, &resp).error_code(),
            StatusCode::FAILED_PRECONDITION);

  v1::DeleteSkinAnalysisRequest del;
  del.set_analysis_id(id);
  del.set_app_user_id(person);
  v1::DeleteSkinAnalysisResponse deleted;
  ASSERT_TRUE(analysis_->DeleteSkinAnalysis(KeyCtx(app.secret()).get(), del, &deleted).ok());
  ASSERT_TRUE(analysis_->ListSkinAnalyses(KeyCtx(app.secret()).get(), list, &listed).ok());
  EXPECT_EQ(listed.analyses_size(), 0);
}

// A service key has an AI budget of its own, and over gRPC a
// refusal is RESOURCE_EXHAUSTED with google.rpc.RetryInfo saying when the
// next call will be taken.
TEST(AiBudgetTest, AKeysBudgetIsHeldOverGrpcWithRetryInfo) {
  ScratchDatabase db;
  auto env = DefaultServerEnv(db.url());
  env["STYLIST_AI_PER_API_KEY_PER_MINUTE"] = "2";
  env["STYLIST_BOOTSTRAP_API_KEY"] = kBootstrapApiKey;
  ServerProcess server(env);
  auto users = v1::UserService::NewStub(server.NewChannel());
  auto analysis = v1::AnalysisService::NewStub(server.NewChannel());
  const auto key = MintKey(*users, {v1::API_KEY_SCOPE_ANALYSIS});
  v1::AnalyzeClothingRequest req;
  req.set_image(DatasetPhoto("validation/pants", 0));
  v1::AnalyzeClothingResponse resp;
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(analysis->AnalyzeClothing(KeyCtx(key.secret()).get(), req, &resp).ok());
  const auto refused = analysis->AnalyzeClothing(KeyCtx(key.secret()).get(), req, &resp);
  EXPECT_EQ(refused.error_code(), StatusCode::RESOURCE_EXHAUSTED) << Describe(refused);
  const long long wait = RetryDelaySeconds(refused);
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 30) << "two a minute: the next is at most 30 s away";
}

}  // namespace
}  // namespace stylist::testing
