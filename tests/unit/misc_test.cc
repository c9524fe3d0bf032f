// Small shared pieces: page tokens, error mapping, ids, the worker pool and
// the proto helpers.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/crypto.h"
#include "common/api_error.h"
#include "common/ids.h"
#include "common/page_token.h"
#include "common/text.h"
#include "common/text_input.h"
#include "common/proto_util.h"
#include "common/worker_pool.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "stylist/v1/user.pb.h"
#include "stylist/v1/wardrobe.pb.h"

namespace stylist {
namespace {

TEST(TextTest, TrimsCasesAndWords) {
  EXPECT_EQ(text::Trim("  \t navy blue \r\n"), "navy blue");
  EXPECT_EQ(text::Trim(" \t\r\n "), "");
  EXPECT_EQ(text::Trim("x"), "x");
  EXPECT_EQ(text::Trim("--a--", "-"), "a");
  EXPECT_EQ(text::Upper(" eur"), " EUR");
  EXPECT_EQ(text::Lower("Navy"), "navy");
  EXPECT_EQ(text::Word("  Ada.Lovelace@Example.COM \n"), "ada.lovelace@example.com");
  // ASCII only: bytes of other scripts pass unchanged.
  EXPECT_EQ(text::Word(" Ärmel "), "\xc3\x84rmel");
}

TEST(PageTokenTest, RoundTripsAndIsBoundToItsList) {
  const nlohmann::json position = {{"t", 1700000000123456}, {"id", "abc"}};
  const std::string token = EncodePageToken("users", position);
  EXPECT_EQ(DecodePageToken("users", token), position);
  EXPECT_THROW(DecodePageToken("audit", token), ApiError);
  EXPECT_THROW(DecodePageToken("users", "!!!"), ApiError);
  EXPECT_THROW(DecodePageToken("users", "e30"), ApiError);  // "{}"
  EXPECT_THROW(DecodePageToken("users", std::string(2000, 'a')), ApiError);
}

TEST(PageTokenTest, AForgedOrAlteredTokenIsRefused) {
  // This deployment's key, whatever a test before this one set.
  SetPageTokenKey("this deployment's key, 32 bytes!!");
  const std::string token = EncodePageToken("users", {{"t", 1}, {"id", "abc"}});
  const auto dot = token.rfind('.');
  ASSERT_NE(dot, std::string::npos);
  // The same position written by a client, unsigned (the old format), with
  // a signature of its own, or with one character of the payload changed.
  const std::string forged_payload = crypto::Base64UrlEncode(R"({"l":"users","p":{"t":"1; DROP","id":7}})");
  for (const std::string& bad :
       {token.substr(0, dot), forged_payload, forged_payload + token.substr(dot),
        forged_payload + "." + crypto::Base64UrlEncode(std::string(16, 'x')),
        std::string(1, token[0] == 'e' ? 'f' : 'e') + token.substr(1)}) {
    try {
      DecodePageToken("users", bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.ToStatus().error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    }
  }
  // Another key (another deployment) refuses this one's tokens.
  SetPageTokenKey("another deployment's key, 32 bytes!");
  EXPECT_THROW(DecodePageToken("users", token), ApiError);
  EXPECT_EQ(DecodePageToken("users", EncodePageToken("users", 5)), 5);
}

TEST(PageTokenTest, PageSizeDefaultsAndCaps) {
  EXPECT_EQ(PageSize(0, 50, 200), 50);
  EXPECT_EQ(PageSize(10, 50, 200), 10);
  EXPECT_EQ(PageSize(5000, 50, 200), 200);
  EXPECT_THROW(PageSize(-1, 50, 200), ApiError);
}

TEST(ApiErrorTest, StatusCarriesFieldViolations) {
  Violations v;
  v.Add("email", "required");
  v.Add("password", "must be at least 10 characters");
  grpc::Status status;
  try {
    v.ThrowIfAny();
    FAIL() << "expected a throw";
  } catch (const ApiError& e) {
    status = e.ToStatus();
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "email");
  EXPECT_EQ(bad.field_violations(1).field(), "password");
}

TEST(ApiErrorTest, EmptyViolationsDoNotThrow) {
  Violations v;
  EXPECT_NO_THROW(v.ThrowIfAny());
}

TEST(ApiErrorTest, RateLimitCarriesReason) {
  const grpc::Status status = ResourceExhausted("slow down").ToStatus();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "RATE_LIMITED");
}

TEST(IdsTest, IsUuid) {
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(IsUuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_FALSE(IsUuid("'; drop table users; --"));
  EXPECT_FALSE(IsUuid(""));
}

TEST(WorkerPoolTest, RunsTasksAndRefusesWhenTheQueueIsFull) {
  WorkerPool pool("test", 1, 2);
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> done{0};
  auto blocker = [&] {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return release; });
    ++done;
  };
  ASSERT_TRUE(pool.TrySubmit(blocker));
  // Wait until the single worker has taken the blocker off the queue.
  for (int i = 0; i < 1000 && pool.queued() != 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(pool.queued(), 0u);
  EXPECT_TRUE(pool.TrySubmit([&] { ++done; }));
  EXPECT_TRUE(pool.TrySubmit([&] { ++done; }));
  EXPECT_FALSE(pool.TrySubmit([&] { ++done; })) << "a full queue must refuse, not grow";
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  pool.Shutdown();
  EXPECT_EQ(done.load(), 3);
}

TEST(WorkerPoolTest, EveryTaskRunsOnceUnderConcurrentSubmitters) {
  // Idle workers get tasks handed to them directly, busy ones take from the
  // queue: with four submitters racing three workers, no task may be lost
  // or run twice, and a refused one must not run at all.
  WorkerPool pool("test", 3, 64);
  constexpr int kPerSubmitter = 5000;
  std::vector<std::atomic<int>> runs(4 * kPerSubmitter);
  std::atomic<int> refused{0};
  std::vector<std::thread> submitters;
  for (int s = 0; s < 4; ++s) {
    submitters.emplace_back([&, s] {
      for (int i = 0; i < kPerSubmitter; ++i) {
        const int id = s * kPerSubmitter + i;
        while (!pool.TrySubmit([&runs, id] { runs[id].fetch_add(1); })) {
          refused.fetch_add(1);
          std::this_thread::yield();
        }
      }
    });
  }
  for (auto& t : submitters) t.join();
  pool.Shutdown();
  for (std::size_t id = 0; id < runs.size(); ++id) ASSERT_EQ(runs[id].load(), 1) << "task " << id;
}

TEST(WorkerPoolTest, ShutdownRunsWhatIsQueuedThenRefuses) {
  WorkerPool pool("test", 2, 100);
  std::atomic<int> done{0};
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(pool.TrySubmit([&] {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      ++done;
    }));
  }
  pool.Shutdown();
  EXPECT_EQ(done.load(), 50);
  EXPECT_FALSE(pool.TrySubmit([&] { ++done; })) << "a stopped pool takes no work";
  pool.Shutdown();  // twice is harmless
}

TEST(WorkerPoolTest, AThrowingTaskDoesNotStopItsWorker) {
  WorkerPool pool("test", 1, 4);
  std::atomic<int> done{0};
  ASSERT_TRUE(pool.TrySubmit([] { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(pool.TrySubmit([] { throw 42; }));
  ASSERT_TRUE(pool.TrySubmit([&] { ++done; }));
  pool.Shutdown();
  EXPECT_EQ(done.load(), 1);
}

TEST(ProtoUtilTest, EnumWordsRoundTrip) {
  const auto* desc = v1::Role_descriptor();
  EXPECT_EQ(proto::EnumToWord(desc, v1::ROLE_ADMIN), "admin");
  EXPECT_EQ(proto::EnumFromWord(desc, "admin"), v1::ROLE_ADMIN);
}

TEST(ProtoUtilTest, JsonRoundTripUsesProtoNames) {
  v1::Profile p;
  p.set_display_name("Ann");
  p.mutable_fitness()->set_weight_kg(61.5);
  const std::string json = proto::ToJson(p);
  EXPECT_NE(json.find("display_name"), std::string::npos) << json;
  v1::Profile back;
  proto::FromJson(json, &back);
  EXPECT_EQ(back.display_name(), "Ann");
  EXPECT_DOUBLE_EQ(back.fitness().weight_kg(), 61.5);
}


// The mask an update writes with (WritableMask), on a wardrobe item: a path
// into a value the update sets names the whole value (a REST body with a
// new price in units does not keep the old cents); one the update leaves
// unset stays as named; a typo or a read-only field is refused as named.
TEST(ProtoUtilTest, UpdateMasksNameWholeValuesTheUpdateSets) {
  const std::set<std::string> read_only = {"item_id", "etag"};
  const auto paths = [](const google::protobuf::FieldMask& m) {
    return std::vector<std::string>(m.paths().begin(), m.paths().end());
  };
  v1::ClothingItem update;
  update.mutable_price()->set_units(50);
  update.mutable_price()->set_currency_code("EUR");
  google::protobuf::FieldMask mask;
  mask.add_paths("price.units");
  mask.add_paths("price.currency_code");
  mask.add_paths("purchase_date.year");
  mask.add_paths("etag");
  Violations v;
  EXPECT_EQ(paths(proto::WritableMask(update, mask, read_only, "ClothingItem", v)),
            (std::vector<std::string>{"price", "purchase_date.year"}));
  EXPECT_TRUE(v.empty());

  v1::ClothingItem stored;
  stored.mutable_price()->set_units(45);
  stored.mutable_price()->set_nanos(500000000);
  stored.mutable_price()->set_currency_code("EUR");
  proto::ApplyUpdateMask(update, proto::WritableMask(update, mask, read_only, "ClothingItem", v), &stored);
  EXPECT_EQ(stored.price().units(), 50);
  EXPECT_EQ(stored.price().nanos(), 0) << "no cents kept from the old price";

  google::protobuf::FieldMask bad;
  bad.add_paths("price.unit");
  bad.add_paths("item_id");
  Violations refused;
  proto::WritableMask(update, bad, read_only, "ClothingItem", refused);
  std::vector<std::string> why;
  for (const auto& item : refused.items()) why.push_back(item.description);
  EXPECT_EQ(why, (std::vector<std::string>{"'price.unit' is not a field of ClothingItem", "'item_id' is read-only"}));

  // No mask: the fields the update sets, read-only ones left out.
  update.set_item_id("x");
  EXPECT_EQ(paths(proto::WritableMask(update, {}, read_only, "ClothingItem", v)), (std::vector<std::string>{"price"}));
}

TEST(TextInputTest, ControlCharactersAreRefusedWithTheirFieldPath) {
  EXPECT_TRUE(IsCleanText("Navy blazer\n\twith \xc3\xa9 and \xe2\x80\x94"));  // é, em dash
  EXPECT_FALSE(IsCleanText(std::string("a\0b", 3)));
  EXPECT_FALSE(IsCleanText("bell\x07"));
  EXPECT_FALSE(IsCleanText("cr\r\n"));
  EXPECT_FALSE(IsCleanText("del\x7f"));
  EXPECT_FALSE(IsCleanText("c1 \xc2\x85"));  // U+0085, NEXT LINE

  v1::UpdateProfileRequest clean;
  clean.mutable_profile()->set_display_name("Ann\tB");
  EXPECT_NO_THROW(RejectControlCharacters(clean));

  const auto path_of = [](const google::protobuf::Message& m, const std::string& prefix = "") -> std::string {
    try {
      RejectControlCharacters(m, prefix);
    } catch (const ApiError& e) {
      google::rpc::Status status;
      status.ParseFromString(e.ToStatus().error_details());
      for (const auto& any : status.details()) {
        google::rpc::BadRequest bad;
        if (any.UnpackTo(&bad) && bad.field_violations_size() > 0) return bad.field_violations(0).field();
      }
      return "(no field named)";
    }
    return "";
  };
  v1::UpdateProfileRequest nul;
  nul.mutable_profile()->set_display_name(std::string("Ann\0", 4));
  EXPECT_EQ(path_of(nul), "profile.display_name");
  v1::UpdateProfileRequest deep;
  deep.mutable_update_mask()->add_paths("display_name");
  deep.mutable_update_mask()->add_paths(std::string("x\0", 2));
  EXPECT_EQ(path_of(deep), "update_mask.paths[1]");
  EXPECT_EQ(path_of(nul, "metadata"), "metadata.profile.display_name");
}

}  // namespace
}  // namespace stylist
