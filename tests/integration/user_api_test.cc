// UserService through a real channel: registration, sign-in, profile,
// export and deletion, and the rules every call obeys (authentication,
// owner scoping, field-level errors, request ids).
#include <gtest/gtest.h>

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "common/crypto.h"
#include "server_process.h"
#include "stylist/v1/analysis.grpc.pb.h"
#include "stylist/v1/chat.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"

namespace stylist::testing {
namespace {

using grpc::StatusCode;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class UserApiTest : public ::testing::Test {
 protected:
  v1::UserService::Stub& users() { return *Shared().users; }
};

TEST_F(UserApiTest, RegisterReturnsProfileAndWorkingTokens) {
  v1::RegisterRequest req;
  req.set_email(UniqueEmail("Reg.Case"));
  req.set_password("Linen-Shirt-2026");
  req.set_username(UniqueUsername("reg_"));
  req.set_display_name("Reg");
  v1::RegisterResponse resp;
  auto status = users().Register(Ctx().get(), req, &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(Lower(resp.profile().email()), Lower(req.email()));
  EXPECT_EQ(resp.profile().role(), v1::ROLE_USER);
  EXPECT_FALSE(resp.tokens().access_token().empty());
  EXPECT_FALSE(resp.tokens().refresh_token().empty());
  EXPECT_EQ(resp.tokens().token_type(), "Bearer");

  v1::GetProfileResponse got;
  status = users().GetProfile(Ctx(resp.tokens().access_token()).get(), {}, &got);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(got.profile().user_id(), resp.profile().user_id());
  EXPECT_EQ(got.profile().display_name(), "Reg");

  // The stored password is an Argon2id hash, never the password.
  const std::string hash = Shared().db.QueryValue(
      "SELECT password_hash FROM users WHERE id = '" + resp.profile().user_id() + "'");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
}

TEST_F(UserApiTest, EmailIsUniqueCaseInsensitively) {
  const auto first = RegisterUser(users(), "dup");
  v1::RegisterRequest req;
  std::string upper = first.profile().email();
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  req.set_email("  " + upper + " ");
  req.set_password("Linen-Shirt-2026");
  req.set_username(UniqueUsername("dup_other_"));
  v1::RegisterResponse resp;
  const auto status = users().Register(Ctx().get(), req, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::ALREADY_EXISTS) << Describe(status);
  EXPECT_TRUE(Contains(ViolatedFields(status), "email"));
}

TEST_F(UserApiTest, RegisterReportsEveryBadField) {
  v1::RegisterRequest req;
  req.set_email("not-an-email");
  req.set_password("short");
  req.set_username("x");
  v1::RegisterResponse resp;
  const auto status = users().Register(Ctx().get(), req, &resp);
  ASSERT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << Describe(status);
  const auto fields = ViolatedFields(status);
  EXPECT_TRUE(Contains(fields, "email"));
  EXPECT_TRUE(Contains(fields, "password"));
  EXPECT_TRUE(Contains(fields, "username"));
  // Nothing was written.
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM users WHERE email_normalized = 'not-an-email'"), "0");
}

TEST_F(UserApiTest, LoginByEmailOrUsername) {
  std::string password;
  const auto reg = RegisterUser(users(), "login", &password);
  for (const std::string& login : {reg.profile().email(), reg.profile().username()}) {
    v1::LoginRequest req;
    req.set_login(login);
    req.set_password(password);
    v1::LoginResponse resp;
    const auto status = users().Login(Ctx().get(), req, &resp);
    ASSERT_TRUE(status.ok()) << login << ": " << Describe(status);
    EXPECT_EQ(resp.profile().user_id(), reg.profile().user_id());
  }
  v1::LoginRequest wrong;
  wrong.set_login(reg.profile().email());
  wrong.set_password(password + "x");
  v1::LoginResponse resp;
  EXPECT_EQ(users().Login(Ctx().get(), wrong, &resp).error_code(), StatusCode::UNAUTHENTICATED);
  wrong.set_login("nobody-" + reg.profile().email());
  EXPECT_EQ(users().Login(Ctx().get(), wrong, &resp).error_code(), StatusCode::UNAUTHENTICATED);
  v1::LoginRequest empty;
  const auto status = users().Login(Ctx().get(), empty, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(ViolatedFields(status), "login"));
  EXPECT_TRUE(Contains(ViolatedFields(status), "password"));
}

TEST_F(UserApiTest, CallsWithoutValidTokenAreUnauthenticated) {
  v1::GetProfileResponse resp;
  EXPECT_EQ(users().GetProfile(Ctx().get(), {}, &resp).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(users().GetProfile(Ctx("garbage").get(), {}, &resp).error_code(), StatusCode::UNAUTHENTICATED);
  auto ctx = Ctx();
  ctx->AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(users().GetProfile(ctx.get(), {}, &resp).error_code(), StatusCode::UNAUTHENTICATED);
  // A token with "alg":"none".
  const std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.";
  EXPECT_EQ(users().GetProfile(Ctx(none).get(), {}, &resp).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(UserApiTest, RefusedTokensDoNotSayWhy) {
  // A real token with its signature changed, one with alg none, and junk:
  // the caller hears the same words for each (the reason is in the log).
  std::string real = RegisterUser(users(), "why").tokens().access_token();
  std::string tampered = real;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  const std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.";
  std::set<std::string> messages;
  for (const std::string& token : {tampered, none, std::string("a.b.c")}) {
    v1::GetProfileResponse resp;
    const auto status = users().GetProfile(Ctx(token).get(), {}, &resp);
    EXPECT_EQ(status.error_code(), StatusCode::UNAUTHENTICATED) << token;
    messages.insert(status.error_message());
  }
  EXPECT_EQ(messages.size(), 1u);
  for (const auto& m : messages) {
    EXPECT_NE(m.find("invalid or expired token"), std::string::npos) << m;
    for (const char* leak : {"signature", "alg", "expired:", "sid", "subject"}) {
      EXPECT_EQ(m.find(leak), std::string::npos) << m;
    }
  }
}

TEST_F(UserApiTest, AProfileUpdateWithAStaleEtagIsAbortedAndChangesNothing) {
  const auto reg = RegisterUser(users(), "etag");
  const std::string token = reg.tokens().access_token();
  ASSERT_FALSE(reg.profile().etag().empty());
  v1::UpdateProfileRequest phone;
  phone.mutable_profile()->set_etag(reg.profile().etag());
  phone.mutable_profile()->set_display_name("From the phone");
  phone.mutable_update_mask()->add_paths("display_name");
  v1::UpdateProfileResponse resp;
  auto status = users().UpdateProfile(Ctx(token).get(), phone, &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_NE(resp.profile().etag(), reg.profile().etag());
  v1::UpdateProfileRequest tablet = phone;
  tablet.mutable_profile()->set_display_name("From the tablet");
  status = users().UpdateProfile(Ctx(token).get(), tablet, &resp);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << Describe(status);
  v1::GetProfileResponse now;
  ASSERT_TRUE(users().GetProfile(Ctx(token).get(), v1::GetProfileRequest(), &now).ok());
  EXPECT_EQ(now.profile().display_name(), "From the phone");
  // The current etag, or none, updates.
  tablet.mutable_profile()->set_etag(now.profile().etag());
  EXPECT_TRUE(users().UpdateProfile(Ctx(token).get(), tablet, &resp).ok());
  tablet.mutable_profile()->clear_etag();
  EXPECT_TRUE(users().UpdateProfile(Ctx(token).get(), tablet, &resp).ok());
}

TEST_F(UserApiTest, UpdateProfileChangesOnlyMaskedFields) {
  const auto reg = RegisterUser(users(), "upd");
  const std::string token = reg.tokens().access_token();
  v1::UpdateProfileRequest req;
  req.mutable_profile()->set_display_name("New Name");
  req.mutable_profile()->mutable_fitness()->set_age(31);
  req.mutable_profile()->mutable_fitness()->set_weight_kg(70.5);
  req.mutable_profile()->mutable_fitness()->set_fitness_goal(v1::FITNESS_GOAL_GAIN_MUSCLE);
  req.mutable_profile()->mutable_fitness()->add_dietary_preferences(v1::DIETARY_PREFERENCE_HALAL);
  req.mutable_profile()->mutable_fitness()->add_allergies("shellfish");
  req.mutable_profile()->mutable_style()->add_styles("streetwear");
  req.mutable_profile()->mutable_body()->set_waist_cm(81);
  req.mutable_profile()->set_username("ignored_not_in_mask");
  for (const char* path : {"display_name", "fitness", "style.styles", "body.waist_cm"}) {
    req.mutable_update_mask()->add_paths(path);
  }
  v1::UpdateProfileResponse resp;
  auto status = users().UpdateProfile(Ctx(token).get(), req, &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(resp.profile().display_name(), "New Name");
  EXPECT_EQ(resp.profile().username(), reg.profile().username());

  v1::GetProfileResponse got;
  ASSERT_TRUE(users().GetProfile(Ctx(token).get(), {}, &got).ok());
  const auto& p = got.profile();
  EXPECT_EQ(p.display_name(), "New Name");
  EXPECT_EQ(p.username(), reg.profile().username());
  EXPECT_EQ(p.fitness().age(), 31);
  EXPECT_DOUBLE_EQ(p.fitness().weight_kg(), 70.5);
  EXPECT_EQ(p.fitness().fitness_goal(), v1::FITNESS_GOAL_GAIN_MUSCLE);
  ASSERT_EQ(p.fitness().dietary_preferences_size(), 1);
  EXPECT_EQ(p.fitness().allergies(0), "shellfish");
  ASSERT_EQ(p.style().styles_size(), 1);
  EXPECT_EQ(p.style().styles(0), "streetwear");
  EXPECT_DOUBLE_EQ(p.body().waist_cm(), 81);

  // Clearing a field: in the mask, absent from the message.
  v1::UpdateProfileRequest clear;
  clear.mutable_update_mask()->add_paths("fitness.weight_kg");
  ASSERT_TRUE(users().UpdateProfile(Ctx(token).get(), clear, &resp).ok());
  EXPECT_FALSE(resp.profile().fitness().has_weight_kg());
  EXPECT_EQ(resp.profile().fitness().age(), 31);
}

// Rows written before profile_pb existed have it NULL: their style, body
// and privacy are read from the jsonb, the same as from the messages.
TEST_F(UserApiTest, AProfileWithoutItsStoredMessagesIsReadFromItsJson) {
  const auto reg = RegisterUser(users(), "jsonfall");
  const std::string token = reg.tokens().access_token();
  v1::UpdateProfileRequest req;
  req.mutable_profile()->mutable_style()->add_styles("minimal");
  req.mutable_profile()->mutable_body()->set_waist_cm(79);
  req.mutable_profile()->mutable_privacy()->set_keep_skin_photos(true);
  for (const char* path : {"style.styles", "body.waist_cm", "privacy.keep_skin_photos"}) {
    req.mutable_update_mask()->add_paths(path);
  }
  v1::UpdateProfileResponse updated;
  ASSERT_TRUE(users().UpdateProfile(Ctx(token).get(), req, &updated).ok());
  v1::GetProfileResponse from_messages;
  ASSERT_TRUE(users().GetProfile(Ctx(token).get(), {}, &from_messages).ok());
  EXPECT_NE(Shared().db.QueryValue("SELECT length(profile_pb) FROM users WHERE id = '" + reg.profile().user_id() + "'"),
            "0");

  Shared().db.QueryValue("UPDATE users SET profile_pb = NULL WHERE id = '" + reg.profile().user_id() + "'");
  v1::GetProfileResponse from_json;
  ASSERT_TRUE(users().GetProfile(Ctx(token).get(), {}, &from_json).ok());
  EXPECT_EQ(from_json.profile().SerializeAsString(), from_messages.profile().SerializeAsString());
  ASSERT_EQ(from_json.profile().style().styles_size(), 1);
  EXPECT_EQ(from_json.profile().style().styles(0), "minimal");
  EXPECT_DOUBLE_EQ(from_json.profile().body().waist_cm(), 79);
  EXPECT_TRUE(from_json.profile().privacy().keep_skin_photos());

  // A write of the jsonb alone (an older replica, a fix by hand) drops the
  // stored messages it made stale: the reader sees the jsonb's value.
  ASSERT_TRUE(users().UpdateProfile(Ctx(token).get(), req, &updated).ok());  // the messages are back
  Shared().db.QueryValue("UPDATE users SET style = '{\"styles\": [\"boho\"]}' WHERE id = '" +
                         reg.profile().user_id() + "'");
  EXPECT_EQ(Shared().db.QueryValue("SELECT profile_pb IS NULL FROM users WHERE id = '" + reg.profile().user_id() + "'"),
            "t");
  v1::GetProfileResponse after_hand_fix;
  ASSERT_TRUE(users().GetProfile(Ctx(token).get(), {}, &after_hand_fix).ok());
  ASSERT_EQ(after_hand_fix.profile().style().styles_size(), 1);
  EXPECT_EQ(after_hand_fix.profile().style().styles(0), "boho");
}

// Concurrent GetProfile calls share one statement; each caller must still
// get exactly its own profile, never a neighbour's in the batch.
TEST_F(UserApiTest, ConcurrentProfileReadsEachGetTheirOwnProfile) {
  constexpr int kUsers = 12;
  constexpr int kCallsEach = 40;
  std::vector<v1::RegisterResponse> regs;
  for (int i = 0; i < kUsers; ++i) regs.push_back(RegisterUser(users(), "batch" + std::to_string(i) + "_"));
  std::atomic<int> wrong{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kUsers; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < kCallsEach; ++n) {
        v1::GetProfileResponse got;
        const auto status = users().GetProfile(Ctx(regs[i].tokens().access_token()).get(), {}, &got);
        if (!status.ok()) {
          ++failed;
        } else if (got.profile().user_id() != regs[i].profile().user_id() ||
                   got.profile().email() != regs[i].profile().email()) {
          ++wrong;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(UserApiTest, UpdateProfileRefusesBadMasksAndValues) {
  const auto reg = RegisterUser(users(), "updbad");
  const std::string token = reg.tokens().access_token();
  v1::UpdateProfileResponse resp;

  v1::UpdateProfileRequest no_mask;
  no_mask.mutable_profile()->set_display_name("x");
  auto status = users().UpdateProfile(Ctx(token).get(), no_mask, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(ViolatedFields(status), "update_mask"));

  v1::UpdateProfileRequest read_only;
  read_only.mutable_profile()->set_role(v1::ROLE_ADMIN);
  read_only.mutable_update_mask()->add_paths("role");
  status = users().UpdateProfile(Ctx(token).get(), read_only, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);

  v1::UpdateProfileRequest bad_value;
  bad_value.mutable_profile()->mutable_fitness()->set_age(5);
  bad_value.mutable_update_mask()->add_paths("fitness.age");
  status = users().UpdateProfile(Ctx(token).get(), bad_value, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(ViolatedFields(status), "profile.fitness.age"));

  v1::GetProfileResponse got;
  ASSERT_TRUE(users().GetProfile(Ctx(token).get(), {}, &got).ok());
  EXPECT_EQ(got.profile().role(), v1::ROLE_USER);
  EXPECT_FALSE(got.profile().fitness().has_age());
}

TEST_F(UserApiTest, UsernameTakenByAnotherUserIsRefused) {
  const auto a = RegisterUser(users(), "owner");
  const auto b = RegisterUser(users(), "taker");
  v1::UpdateProfileRequest req;
  req.mutable_profile()->set_username(a.profile().username());
  req.mutable_update_mask()->add_paths("username");
  v1::UpdateProfileResponse resp;
  const auto status = users().UpdateProfile(Ctx(b.tokens().access_token()).get(), req, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::ALREADY_EXISTS) << Describe(status);
}

TEST_F(UserApiTest, ExportHasEverythingButSecrets) {
  const auto reg = RegisterUser(users(), "export");
  v1::ExportMyDataResponse resp;
  const auto status = users().ExportMyData(Ctx(reg.tokens().access_token()).get(), {}, &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(resp.data(), &json).ok());
  EXPECT_NE(json.find(reg.profile().email()), std::string::npos) << json;
  EXPECT_NE(json.find("sessions"), std::string::npos) << json;
  EXPECT_EQ(json.find("argon2"), std::string::npos) << "password hash leaked: " << json;
  EXPECT_EQ(json.find(reg.tokens().refresh_token()), std::string::npos);
  EXPECT_TRUE(resp.has_export_time());
}

TEST_F(UserApiTest, DeleteAccountErasesEverything) {
  std::string password;
  const auto reg = RegisterUser(users(), "delete", &password);
  const std::string token = reg.tokens().access_token();
  const std::string id = reg.profile().user_id();

  v1::DeleteAccountRequest wrong;
  wrong.set_password("Not-The-Password-1");
  v1::DeleteAccountResponse resp;
  EXPECT_EQ(users().DeleteAccount(Ctx(token).get(), wrong, &resp).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM users WHERE id = '" + id + "'"), "1");

  // A wardrobe with its Style DNA, and the refresh job a change queued.
  auto wardrobe = v1::WardrobeService::NewStub(Shared().server->NewChannel());
  v1::CreateItemRequest create;
  create.mutable_item()->set_name("erased shirt");
  create.mutable_item()->set_category(v1::CLOTHING_CATEGORY_TOP);
  v1::CreateItemResponse created;
  ASSERT_TRUE(wardrobe->CreateItem(Ctx(token).get(), create, &created).ok());
  v1::GetStyleDnaResponse dna;
  ASSERT_TRUE(wardrobe->GetStyleDna(Ctx(token).get(), {}, &dna).ok());
  ASSERT_TRUE(wardrobe->CreateItem(Ctx(token).get(), create, &created).ok());
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM style_dna WHERE user_id = '" + id + "'"), "1");
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM analysis_jobs WHERE kind = 'style_dna' AND user_id = '" + id +
                                   "'"),
            "1");

  v1::DeleteAccountRequest req;
  req.set_password(password);
  auto status = users().DeleteAccount(Ctx(token).get(), req, &resp);
  ASSERT_TRUE(status.ok()) << Describe(status);
  for (const char* where : {"users WHERE id", "sessions WHERE user_id", "notification_outbox WHERE user_id",
                            "password_reset_tokens WHERE user_id", "clothing_items WHERE user_id",
                            "style_dna WHERE user_id", "analysis_jobs WHERE user_id"}) {
    EXPECT_EQ(Shared().db.QueryValue(std::string("SELECT count(*) FROM ") + where + " = '" + id + "'"), "0") << where;
  }
  EXPECT_EQ(Shared().db.QueryValue("SELECT count(*) FROM refresh_tokens WHERE token_hash = decode('" +
                                   crypto::ToHex(crypto::Sha256(reg.tokens().refresh_token())) + "', 'hex')"),
            "0");
  v1::GetProfileResponse got;
  EXPECT_EQ(users().GetProfile(Ctx(token).get(), {}, &got).error_code(), StatusCode::UNAUTHENTICATED);
  v1::LoginRequest login;
  login.set_login(reg.profile().email());
  login.set_password(password);
  v1::LoginResponse lresp;
  EXPECT_EQ(users().Login(Ctx().get(), login, &lresp).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(UserApiTest, OneUserCannotTouchAnothersSessions) {
  const auto a = RegisterUser(users(), "victim");
  const auto b = RegisterUser(users(), "intruder");
  v1::ListSessionsResponse sessions;
  ASSERT_TRUE(users().ListSessions(Ctx(a.tokens().access_token()).get(), {}, &sessions).ok());
  ASSERT_EQ(sessions.sessions_size(), 1);
  EXPECT_TRUE(sessions.sessions(0).current());

  v1::RevokeSessionRequest req;
  req.set_session_id(sessions.sessions(0).session_id());
  v1::RevokeSessionResponse resp;
  const auto status = users().RevokeSession(Ctx(b.tokens().access_token()).get(), req, &resp);
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND) << Describe(status);
  v1::GetProfileResponse got;
  EXPECT_TRUE(users().GetProfile(Ctx(a.tokens().access_token()).get(), {}, &got).ok());

  req.set_session_id("not-a-uuid");
  EXPECT_EQ(users().RevokeSession(Ctx(b.tokens().access_token()).get(), req, &resp).error_code(),
            StatusCode::INVALID_ARGUMENT);
}

TEST_F(UserApiTest, NonAdminsCannotUseAdminCalls) {
  const auto reg = RegisterUser(users(), "plain");
  v1::ListUsersResponse resp;
  EXPECT_EQ(users().ListUsers(Ctx(reg.tokens().access_token()).get(), {}, &resp).error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::ListUsersResponse anon;
  EXPECT_EQ(users().ListUsers(Ctx().get(), {}, &anon).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(UserApiTest, RequestIdIsEchoedOrGenerated) {
  const auto reg = RegisterUser(users(), "rid");
  auto ctx = Ctx(reg.tokens().access_token());
  ctx->AddMetadata("x-request-id", "test-req-42");
  v1::GetProfileResponse resp;
  ASSERT_TRUE(users().GetProfile(ctx.get(), {}, &resp).ok());
  auto md = ctx->GetServerInitialMetadata();
  auto it = md.find("x-request-id");
  ASSERT_NE(it, md.end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "test-req-42");

  auto ctx2 = Ctx(reg.tokens().access_token());
  ASSERT_TRUE(users().GetProfile(ctx2.get(), {}, &resp).ok());
  auto md2 = ctx2->GetServerInitialMetadata();
  auto it2 = md2.find("x-request-id");
  ASSERT_NE(it2, md2.end());
  EXPECT_GE(it2->second.size(), 16u);
  EXPECT_NE(Shared().server->Log().find("test-req-42"), std::string::npos) << "request id missing from the logs";
}

}  // namespace
}  // namespace stylist::testing
