// The request checks of chat, analysis and plans (their validation.*):
// which fields a bad request names, in which order, and the defaults the
// checks that return values fill in. The services' tests cover the same
// checks through the services; these pin the rules themselves.
#include <gtest/gtest.h>

#include <google/protobuf/util/time_util.h>

#include <string>
#include <vector>

#include "analysis/validation.h"
#include "chat/validation.h"
#include "common/dates.h"
#include "legacy/validation.h"
#include "plan/validation.h"
#include "service_test_support.h"

namespace stylist::testing {
namespace {

constexpr char kConversation[] = "00000000-0000-4000-8000-0000000000c1";

std::vector<std::string> FieldsOf(const ApiError& e) {
  std::vector<std::string> fields;
  for (const auto& v : e.violations()) fields.push_back(v.field);
  return fields;
}

TEST(ChatValidationTest, ATurnNamesEveryBadFieldAtOnceAndTheConversationOnlyWhenAsked) {
  v1::ChatInput input;
  input.set_conversation_id("not-an-id");
  input.set_text(" \n\t");
  for (int i = 0; i < chat::kMaxAttachedItems + 1; ++i) input.add_attached_item_ids(i == 1 ? "nope" : kConversation);
  const ApiError e = ErrorOf([&] { chat::CheckChatInput(input, true); });
  EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldsOf(e),
            (std::vector<std::string>{"conversation_id", "text", "attached_item_ids", "attached_item_ids[1]"}));
  EXPECT_EQ(FieldsOf(ErrorOf([&] { chat::CheckChatInput(input, false); })),
            (std::vector<std::string>{"text", "attached_item_ids", "attached_item_ids[1]"}));

  v1::ChatInput fine;
  fine.set_conversation_id(kConversation);
  fine.set_text("what goes with a navy coat?");
  EXPECT_EQ(CodeOf([&] { chat::CheckChatInput(fine, true); }), grpc::StatusCode::OK);
}

TEST(ChatValidationTest, TitlesCountCharactersOnOneLineAndRenamesNeedTheTitleMask) {
  v1::CreateConversationRequest create;
  std::string title;
  for (int i = 0; i < chat::kMaxTitleChars; ++i) title += "é";  // two bytes each
  create.mutable_conversation()->set_title(title);
  EXPECT_EQ(CodeOf([&] { chat::CheckCreateConversation(create); }), grpc::StatusCode::OK);
  create.mutable_conversation()->set_title(title + "\n");
  EXPECT_EQ(FieldsOf(ErrorOf([&] { chat::CheckCreateConversation(create); })),
            std::vector<std::string>{"conversation.title"});
  EXPECT_EQ(chat::OneLine("a\nb\tc\rd"), "a b c d");

  v1::UpdateConversationRequest rename;
  rename.mutable_conversation()->set_conversation_id(kConversation);
  rename.mutable_update_mask()->add_paths("pinned");
  EXPECT_EQ(FieldsOf(ErrorOf([&] { chat::CheckUpdateConversation(rename); })),
            (std::vector<std::string>{"update_mask", "conversation.title"}));
  rename.mutable_conversation()->set_conversation_id("x");
  EXPECT_EQ(FieldsOf(ErrorOf([&] { chat::CheckUpdateConversation(rename); })),
            std::vector<std::string>{"conversation.conversation_id"});
}

TEST(AnalysisValidationTest, ASkinHistoryRangeMustEndAfterItStarts) {
  v1::ListSkinAnalysesRequest req;
  *req.mutable_start_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1700000000);
  EXPECT_EQ(CodeOf([&] { analysis::CheckListSkinAnalyses(req); }), grpc::StatusCode::OK);
  *req.mutable_end_time() = req.start_time();
  req.set_page_size(-1);
  EXPECT_EQ(FieldsOf(ErrorOf([&] { analysis::CheckListSkinAnalyses(req); })),
            (std::vector<std::string>{"page_size", "end_time"}));
}

TEST(AnalysisValidationTest, AnImageIsNeededFirstAndAKeptPhotoNeedsASignedInUser) {
  v1::AnalyzeSkinRequest req;
  req.set_keep_photo(true);
  EXPECT_EQ(FieldsOf(ErrorOf([&] { analysis::CheckAnalyzeSkin(req, false); })), std::vector<std::string>{"image"});
  req.set_image("jpeg bytes");
  EXPECT_EQ(FieldsOf(ErrorOf([&] { analysis::CheckAnalyzeSkin(req, false); })),
            std::vector<std::string>{"keep_photo"});
  EXPECT_EQ(CodeOf([&] { analysis::CheckAnalyzeSkin(req, true); }), grpc::StatusCode::OK);
  req.set_keep_photo(false);
  EXPECT_EQ(CodeOf([&] { analysis::CheckAnalyzeSkin(req, false); }), grpc::StatusCode::OK);
}

TEST(AnalysisValidationTest, InlineImagesMayReachTheLimitButNotPassIt) {
  EXPECT_EQ(CodeOf([] { analysis::CheckInlineImage(std::string(10, 'x'), 10); }), grpc::StatusCode::OK);
  const ApiError e = ErrorOf([] { analysis::CheckInlineImage(std::string(11, 'x'), 10); });
  EXPECT_EQ(FieldsOf(e), std::vector<std::string>{"image"});
  EXPECT_EQ(e.violations().front().description, "the image is larger than the limit of 10 bytes");
}

TEST(PlanValidationTest, AProgressLogIsForTodayUnlessDatedAndNeverForTheFuture) {
  const auto today = Today();
  v1::LogProgressRequest req;
  EXPECT_EQ(FieldsOf(ErrorOf([&] { plan::CheckLogProgress(req, today); })), std::vector<std::string>{"weight_kg"});
  req.set_weight_kg(70);
  EXPECT_EQ(DaysFromCivil(plan::CheckLogProgress(req, today)), DaysFromCivil(today));
  *req.mutable_date() = AddDays(today, 1);  // a day of clock slack
  EXPECT_EQ(CodeOf([&] { plan::CheckLogProgress(req, today); }), grpc::StatusCode::OK);
  *req.mutable_date() = AddDays(today, 2);
  req.set_weight_kg(600);
  EXPECT_EQ(FieldsOf(ErrorOf([&] { plan::CheckLogProgress(req, today); })),
            (std::vector<std::string>{"date", "weight_kg"}));
}

TEST(PlanValidationTest, ProgressCoversTheLast28DaysUnlessGivenAndAtMost366) {
  const auto today = Today();
  v1::GetProgressRequest req;
  const plan::DateSpan span = plan::CheckGetProgress(req, today);
  EXPECT_EQ(DaysFromCivil(span.end), DaysFromCivil(today));
  EXPECT_EQ(DaysFromCivil(span.start), DaysFromCivil(today) - 27);
  *req.mutable_start_date() = AddDays(today, 1);
  EXPECT_EQ(FieldsOf(ErrorOf([&] { plan::CheckGetProgress(req, today); })), std::vector<std::string>{"end_date"});
  *req.mutable_start_date() = AddDays(today, -366);
  EXPECT_EQ(FieldsOf(ErrorOf([&] { plan::CheckGetProgress(req, today); })), std::vector<std::string>{"end_date"});
  *req.mutable_start_date() = AddDays(today, -365);
  EXPECT_EQ(CodeOf([&] { plan::CheckGetProgress(req, today); }), grpc::StatusCode::OK);
}

TEST(PlanValidationTest, APlanNeedsAnAdultsMeasuredProfileAfterValidOptions) {
  v1::GeneratePlanRequest req;
  v1::Profile profile;
  profile.mutable_fitness()->set_age(plan::kMinAge - 1);
  const ApiError e = ErrorOf([&] { plan::CheckGenerate(req, profile); });
  EXPECT_EQ(e.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(FieldsOf(e), (std::vector<std::string>{"profile.fitness.height_cm", "profile.fitness.weight_kg",
                                                   "profile.fitness.age"}));
  req.mutable_options()->set_training_days_per_week(8);
  EXPECT_EQ(CodeOf([&] { plan::CheckGenerate(req, profile); }), grpc::StatusCode::INVALID_ARGUMENT);

  req.mutable_options()->set_training_days_per_week(0);
  auto& f = *profile.mutable_fitness();
  f.set_age(30);
  f.set_height_cm(170);
  f.set_weight_kg(65);
  const plan::GenerateInputs in = plan::CheckGenerate(req, profile);
  EXPECT_EQ(in.days, 7);  // a week from today unless dated
  EXPECT_EQ(in.options.training_days_per_week(), 3);
  EXPECT_EQ(in.options.minutes_per_session(), 45);
}

TEST(LegacyValidationTest, AnUploadsFileNameKeepsItsLastPartInSafeCharacters) {
  EXPECT_EQ(legacy::CleanFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(legacy::CleanFileName("C:\\Users\\ada\\my coat (1).jpg"), "my_coat__1_.jpg");
  EXPECT_EQ(legacy::CleanFileName(""), "image");
  EXPECT_EQ(legacy::CleanFileName("photos/.."), "image");
  EXPECT_EQ(legacy::CleanFileName(std::string(150, 'a') + ".jpg"), std::string(96, 'a') + ".jpg");
}

TEST(LegacyValidationTest, ANewUserNamesEveryBadFieldAtOnce) {
  v1::CreateLegacyUserRequest req;
  req.set_username(std::string("bad\nname"));
  req.set_style_preferences(std::string(2001, 'x') + std::string(1, '\0'));
  const ApiError e = ErrorOf([&] { legacy::CheckCreateLegacyUser(req); });
  EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : e.violations()) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"username", "style_preferences", "style_preferences"}));
  req.set_username(std::string(100, 'u'));
  req.set_style_preferences(std::string(2000, 'x'));
  EXPECT_EQ(CodeOf([&] { legacy::CheckCreateLegacyUser(req); }), grpc::StatusCode::OK);
}

}  // namespace
}  // namespace stylist::testing
