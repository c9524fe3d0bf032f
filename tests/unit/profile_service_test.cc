// The profile service's rules on an in-memory store (fake_profile_store.h):
// batched reads answer each caller with its own profile, updates honour the
// field mask and the etag and write nothing when refused, deletion needs the
// password and removes the account's photos, sessions are the caller's own.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <thread>

#include "auth/password.h"
#include "fake_profile_store.h"
#include "user/profile_service.h"
#include "service_test_support.h"

namespace stylist::testing {
namespace {

constexpr char kAda[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kBob[] = "00000000-0000-4000-8000-00000000000b";

class ProfileServiceTest : public ::testing::Test {
 protected:
  ProfileServiceTest() : service_(inert_.deps()) {
    store_.Add(kAda, "ada");
    store_.Add(kBob, "bob");
  }

  // GetProfile's outcome, waited for.
  std::optional<v1::Profile> Read(const std::string& user_id) {
    std::promise<std::optional<v1::Profile>> answer;
    service_.GetProfile(
        As(user_id),
        [&](user::ProfileStore::ProfileRead* read, std::exception_ptr error) {
          if (!error && read && read->error) error = read->error;
          if (error) answer.set_exception(error);
          else answer.set_value(read ? read->profile : std::nullopt);
        },
        {});
    return answer.get_future().get();
  }

  // Starts `read` on a thread of its own and returns once its statement is
  // being read, held there until release_ is set: reads that arrive
  // meanwhile queue behind it and share the next statement.
  std::thread ReadHeld(std::function<void()> read) {
    std::shared_future<void> released = release_.get_future().share();
    auto first = std::make_shared<bool>(true);
    std::promise<void> entered;
    std::future<void> in_read = entered.get_future();
    store_.before_read = [first, released, entered = std::make_shared<std::promise<void>>(std::move(entered))] {
      if (!*first) return;
      *first = false;
      entered->set_value();
      released.wait();
    };
    std::thread t(std::move(read));
    in_read.wait();
    return t;
  }
  std::promise<void> release_;

  v1::UpdateProfileRequest Update(const std::vector<std::string>& paths) {
    v1::UpdateProfileRequest req;
    for (const auto& p : paths) req.mutable_update_mask()->add_paths(p);
    return req;
  }

  InertUserDeps inert_;
  FakeProfileStore& store_ = inert_.profiles;
  user::ProfileService service_;
};

TEST_F(ProfileServiceTest, AReadAnswersTheCallersProfileAndNothingForAGoneAccount) {
  const auto ada = Read(kAda);
  ASSERT_TRUE(ada.has_value());
  EXPECT_EQ(ada->username(), "ada");
  EXPECT_FALSE(Read("00000000-0000-4000-8000-0000000000ff").has_value());
}

// While one batch is being read, the reads that arrive queue and share the
// next statement; each caller still gets its own profile, in whatever order
// the batch holds them.
TEST_F(ProfileServiceTest, ReadsThatArriveDuringAReadShareTheNextStatement) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back("00000000-0000-4000-8000-1000000000" + std::to_string(10 + i));
    store_.Add(ids.back(), "u" + std::to_string(i));
  }
  std::optional<v1::Profile> first_read;
  std::thread reader = ReadHeld([&] { first_read = Read(ids[0]); });

  // Queued behind the statement in flight: GetProfile returns at once.
  std::vector<std::promise<std::optional<v1::Profile>>> answers(ids.size());
  for (std::size_t i = 1; i < ids.size(); ++i) {
    service_.GetProfile(
        As(ids[i]),
        [&answers, i](user::ProfileStore::ProfileRead* read, std::exception_ptr error) {
          if (!error && read && read->error) error = read->error;
          if (error) answers[i].set_exception(error);
          else answers[i].set_value(read ? read->profile : std::nullopt);
        },
        {});
  }
  release_.set_value();
  reader.join();
  ASSERT_TRUE(first_read.has_value());
  EXPECT_EQ(first_read->username(), "u0");
  for (std::size_t i = 1; i < ids.size(); ++i) {
    const auto got = answers[i].get_future().get();
    ASSERT_TRUE(got.has_value()) << i;
    EXPECT_EQ(got->user_id(), ids[i]);
    EXPECT_EQ(got->username(), "u" + std::to_string(i));
  }
  EXPECT_EQ(store_.batch_sizes, (std::vector<std::size_t>{1, 19}));
}

// A row that cannot be decoded fails its own reader, not the others read
// in the same statement.
TEST_F(ProfileServiceTest, AnUnreadableRowFailsOnlyItsOwnReader) {
  store_.account(kBob).unreadable = true;
  std::thread holder = ReadHeld([&] { Read(kAda); });
  std::promise<user::ProfileStore::ProfileRead> ada, bob;
  auto submit = [&](const char* id, std::promise<user::ProfileStore::ProfileRead>* answer) {
    service_.GetProfile(
        As(id), [answer](user::ProfileStore::ProfileRead* read, std::exception_ptr) { answer->set_value(*read); }, {});
  };
  submit(kAda, &ada);
  submit(kBob, &bob);
  release_.set_value();
  holder.join();
  const auto ada_read = ada.get_future().get();
  const auto bob_read = bob.get_future().get();
  EXPECT_TRUE(ada_read.profile.has_value());
  EXPECT_FALSE(ada_read.error);
  EXPECT_TRUE(bob_read.error);
  EXPECT_EQ(store_.batch_sizes, (std::vector<std::size_t>{1, 2}));
}

TEST_F(ProfileServiceTest, AnUpdateChangesOnlyTheMaskedFields) {
  auto req = Update({"display_name", "fitness.age"});
  req.mutable_profile()->set_display_name("Ada L.");
  req.mutable_profile()->mutable_fitness()->set_age(36);
  req.mutable_profile()->set_username("not-in-the-mask");
  v1::UpdateProfileResponse resp;
  service_.UpdateProfile(As(kAda), req, &resp);
  EXPECT_EQ(resp.profile().display_name(), "Ada L.");
  EXPECT_EQ(resp.profile().fitness().age(), 36);
  EXPECT_EQ(store_.account(kAda).profile.username(), "ada");
  EXPECT_EQ(store_.writes, 1);
}

TEST_F(ProfileServiceTest, AStaleEtagIsAbortedAndWritesNothing) {
  const std::string first_etag = store_.account(kAda).profile.etag();
  auto req = Update({"display_name"});
  req.mutable_profile()->set_display_name("one");
  req.mutable_profile()->set_etag(first_etag);
  v1::UpdateProfileResponse resp;
  service_.UpdateProfile(As(kAda), req, &resp);  // current: accepted, the version steps on

  req.mutable_profile()->set_display_name("two");
  EXPECT_EQ(CodeOf([&] { service_.UpdateProfile(As(kAda), req, &resp); }), grpc::StatusCode::ABORTED);
  CallContext if_match = As(kAda);
  if_match.if_match = first_etag;  // the header form of the same condition
  req.mutable_profile()->clear_etag();
  EXPECT_EQ(CodeOf([&] { service_.UpdateProfile(if_match, req, &resp); }), grpc::StatusCode::ABORTED);
  EXPECT_EQ(store_.account(kAda).profile.display_name(), "one");
  EXPECT_EQ(store_.writes, 1);

  if_match.if_match = store_.account(kAda).profile.etag();
  service_.UpdateProfile(if_match, req, &resp);
  EXPECT_EQ(store_.account(kAda).profile.display_name(), "two");
}

TEST_F(ProfileServiceTest, BadMasksAndValuesAreRefusedBeforeAnythingIsWritten) {
  v1::UpdateProfileResponse resp;
  auto bad_mask = Update({"email"});  // not the caller's to change here
  EXPECT_EQ(CodeOf([&] { service_.UpdateProfile(As(kAda), bad_mask, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  auto too_young = Update({"fitness.age"});
  too_young.mutable_profile()->mutable_fitness()->set_age(9);
  EXPECT_EQ(CodeOf([&] { service_.UpdateProfile(As(kAda), too_young, &resp); }), grpc::StatusCode::INVALID_ARGUMENT);
  auto taken = Update({"username"});
  taken.mutable_profile()->set_username("bob");
  EXPECT_EQ(CodeOf([&] { service_.UpdateProfile(As(kAda), taken, &resp); }), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(store_.writes, 0);
  EXPECT_FALSE(store_.account(kAda).profile.fitness().has_age());
}

TEST_F(ProfileServiceTest, DeletionNeedsThePasswordAndRemovesThePhotosAfterwards) {
  store_.account(kAda).password_hash = password::Hash("Tweed-Coat-2026!");
  store_.account(kAda).photo_keys = {"photos/a.jpg", "skin/b.jpg"};
  v1::DeleteAccountRequest req;
  EXPECT_EQ(CodeOf([&] { service_.DeleteAccount(As(kAda), req, nullptr); }), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_password("wrong-password");
  EXPECT_EQ(CodeOf([&] { service_.DeleteAccount(As(kAda), req, nullptr); }), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(store_.exists(kAda));
  EXPECT_TRUE(inert_.blobs.deleted.empty());

  req.set_password("Tweed-Coat-2026!");
  service_.DeleteAccount(As(kAda), req, nullptr);
  EXPECT_FALSE(store_.exists(kAda));
  EXPECT_EQ(inert_.blobs.deleted, (std::vector<std::string>{"photos/a.jpg", "skin/b.jpg"}));
  EXPECT_EQ(store_.audited, std::vector<std::string>{"account_deleted"});
  EXPECT_EQ(CodeOf([&] { service_.DeleteAccount(As(kAda), req, nullptr); }), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProfileServiceTest, AnAccountWithoutAPasswordIsDeletedWithoutOne) {
  // Signed up through an external issuer: there is no password to ask for.
  service_.DeleteAccount(As(kBob), v1::DeleteAccountRequest(), nullptr);
  EXPECT_FALSE(store_.exists(kBob));
}

TEST_F(ProfileServiceTest, SessionsAreTheCallersOwnAndTheCurrentOneIsMarked) {
  for (const char* id : {"00000000-0000-4000-8000-0000000000c1", "00000000-0000-4000-8000-0000000000c2"}) {
    v1::Session s;
    s.set_session_id(id);
    store_.account(kAda).sessions.push_back(s);
  }
  v1::ListSessionsResponse list;
  service_.ListSessions(As(kAda, "00000000-0000-4000-8000-0000000000c2"), {}, &list);
  ASSERT_EQ(list.sessions_size(), 2);
  EXPECT_FALSE(list.sessions(0).current());
  EXPECT_TRUE(list.sessions(1).current());

  v1::RevokeSessionRequest revoke;
  revoke.set_session_id("not-a-session-id");
  EXPECT_EQ(CodeOf([&] { service_.RevokeSession(As(kAda), revoke, nullptr); }), grpc::StatusCode::INVALID_ARGUMENT);
  // Bob cannot revoke Ada's session: it looks like one that does not exist.
  revoke.set_session_id("00000000-0000-4000-8000-0000000000c1");
  EXPECT_EQ(CodeOf([&] { service_.RevokeSession(As(kBob), revoke, nullptr); }), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(store_.account(kAda).sessions.size(), 2u);
  service_.RevokeSession(As(kAda), revoke, nullptr);
  EXPECT_EQ(store_.account(kAda).sessions.size(), 1u);
}

}  // namespace
}  // namespace stylist::testing
