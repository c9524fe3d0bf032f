// rpc::Unary, rpc::DeferredUnary and rpc::Reply through a real in-process
// gRPC server: every call is answered exactly once, from whichever thread
// has the answer; a deferred call frees its worker; a call nobody answers is
// still finished; abandoned calls are recognised; a full pool refuses.
#include "rpc/unary_call.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "auth/authenticator.h"
#include "common/api_error.h"
#include "common/worker_pool.h"
#include "config/config.h"
#include "db/pool.h"
#include "stylist/v1/legacy.grpc.pb.h"

namespace stylist::rpc {
namespace {

using namespace std::chrono_literals;
using CreateReply = Reply<v1::CreateLegacyUserResponse>;

// The Reply a deferred handler handed on, for the test to answer later.
class Mailbox {
 public:
  void Put(CreateReply reply) {
    std::lock_guard lock(mutex_);
    reply_.emplace(std::move(reply));
    ready_.notify_all();
  }
  CreateReply Take() {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, 10s, [&] { return reply_.has_value(); })) throw std::runtime_error("no call arrived");
    CreateReply reply = std::move(*reply_);
    reply_.reset();
    return reply;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::optional<CreateReply> reply_;
};

// CreateLegacyUser is deferred (the handler decides what becomes of the
// Reply); ListLegacyImages is an ordinary unary call.
class TestService final : public v1::LegacyService::CallbackService {
 public:
  explicit TestService(Runtime& rt) : rt_(rt) {}

  std::function<void(CreateReply)> on_create;
  std::function<void(v1::ListLegacyImagesResponse*)> on_list;
  Access access = Access::kPublic;

  grpc::ServerUnaryReactor* CreateLegacyUser(grpc::CallbackServerContext* ctx, const v1::CreateLegacyUserRequest* req,
                                             v1::CreateLegacyUserResponse* resp) override {
    return DeferredUnary(rt_, ctx, "/test/Create", access, req, resp,
                         [this](const v1::CreateLegacyUserRequest&, CreateReply r) { on_create(std::move(r)); });
  }

  grpc::ServerUnaryReactor* ListLegacyImages(grpc::CallbackServerContext* ctx, const v1::ListLegacyImagesRequest* req,
                                             v1::ListLegacyImagesResponse* resp) override {
    return Unary(rt_, ctx, "/test/List", access, req, resp,
                 [this](const CallContext&, const v1::ListLegacyImagesRequest&, v1::ListLegacyImagesResponse* r) {
                   on_list(r);
                 });
  }

 private:
  Runtime& rt_;
};

// Polls until done() holds or the time is up; whether it held.
template <typename Done>
bool WithinSeconds(int seconds, Done done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

Config TestConfig() {
  Config c;
  c.auth.jwt_secret = "unit-test-secret-that-is-long-enough-for-hs256";
  return c;
}

// One worker and room for one queued call: small enough to fill on purpose.
// The database is never reached (public calls, or calls refused before any
// lookup), so the pool points nowhere.
class UnaryCallTest : public ::testing::Test {
 protected:
  UnaryCallTest()
      : config_(TestConfig()),
        db_(db::PoolOptions{"postgresql://unused.invalid/none"}),
        credentials_(db_),
        authenticator_(config_.auth, credentials_),
        workers_("test-rpc", 1, 1),
        rt_{workers_, authenticator_, {}},
        service_(rt_) {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::LegacyService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  ~UnaryCallTest() override {
    server_->Shutdown(std::chrono::system_clock::now() + 5s);
    workers_.Shutdown();
  }

  grpc::Status Create(v1::CreateLegacyUserResponse* resp, std::chrono::milliseconds timeout = 10s,
                      grpc::ClientContext* ctx = nullptr) {
    grpc::ClientContext own;
    if (!ctx) ctx = &own;
    ctx->set_deadline(std::chrono::system_clock::now() + timeout);
    v1::CreateLegacyUserRequest req;
    req.set_username("ada");
    return stub_->CreateLegacyUser(ctx, req, resp);
  }
  grpc::Status List(v1::ListLegacyImagesResponse* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 10s);
    return stub_->ListLegacyImages(&ctx, v1::ListLegacyImagesRequest(), resp);
  }

  Config config_;
  db::Pool db_;
  auth::PgCredentialStore credentials_;
  Authenticator authenticator_;
  WorkerPool workers_;
  Runtime rt_;
  TestService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::LegacyService::Stub> stub_;
  Mailbox mailbox_;
};

TEST_F(UnaryCallTest, DeferredAnswerFromAnotherThreadReachesTheClientAndFreesTheWorker) {
  service_.on_create = [this](CreateReply r) { mailbox_.Put(std::move(r)); };
  service_.on_list = [](v1::ListLegacyImagesResponse* r) { r->add_images()->set_id(7); };

  v1::CreateLegacyUserResponse created;
  auto pending = std::async(std::launch::async, [&] { return Create(&created); });
  CreateReply reply = mailbox_.Take();

  // The only worker is free while the deferred call waits for its answer.
  v1::ListLegacyImagesResponse listed;
  ASSERT_TRUE(List(&listed).ok());
  EXPECT_EQ(listed.images(0).id(), 7);
  EXPECT_TRUE(reply.Wanted());

  std::thread([reply] { reply.Send([](v1::CreateLegacyUserResponse* r) { r->mutable_user()->set_id(42); }); }).join();
  const grpc::Status status = pending.get();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.user().id(), 42);
}

TEST_F(UnaryCallTest, OnlyTheFirstAnswerCounts) {
  service_.on_create = [](CreateReply r) {
    r.Send([](v1::CreateLegacyUserResponse* resp) { resp->mutable_user()->set_id(1); });
    EXPECT_FALSE(r.Wanted()) << "an answered call is still wanted";
    r.Send([](v1::CreateLegacyUserResponse* resp) { resp->mutable_user()->set_id(2); });
    r.Fail(std::make_exception_ptr(NotFound("too late")));
    r.Drop();
  };
  v1::CreateLegacyUserResponse created;
  ASSERT_TRUE(Create(&created).ok());
  EXPECT_EQ(created.user().id(), 1);
}

TEST_F(UnaryCallTest, WhatTheFillThrowsBecomesTheStatus) {
  service_.on_create = [](CreateReply r) {
    r.Send([](v1::CreateLegacyUserResponse*) { throw InvalidArgument("username", "must not be empty"); });
  };
  v1::CreateLegacyUserResponse created;
  const grpc::Status status = Create(&created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("username"), std::string::npos) << status.error_message();
}

TEST_F(UnaryCallTest, FailAnswersWithTheMappedError) {
  service_.on_create = [this](CreateReply r) { mailbox_.Put(std::move(r)); };
  v1::CreateLegacyUserResponse created;
  auto pending = std::async(std::launch::async, [&] { return Create(&created); });
  mailbox_.Take().Fail(std::make_exception_ptr(AlreadyExists("username", "username already taken")));
  EXPECT_EQ(pending.get().error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(UnaryCallTest, ThrowingBeforeHandingTheReplyOnAnswersWithTheError) {
  service_.on_create = [](CreateReply) { throw PermissionDenied("not yours"); };
  v1::CreateLegacyUserResponse created;
  EXPECT_EQ(Create(&created).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(UnaryCallTest, ANonStandardExceptionIsAnInternalErrorNotACrash) {
  service_.on_create = [](CreateReply r) {
    r.Send([](v1::CreateLegacyUserResponse*) { throw 17; });
  };
  v1::CreateLegacyUserResponse created;
  const grpc::Status status = Create(&created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_NE(status.error_message().find("request id"), std::string::npos) << status.error_message();
}

TEST_F(UnaryCallTest, ACallNobodyAnswersIsFinishedWithInternal) {
  service_.on_create = [](CreateReply) {};  // the Reply is dropped unanswered: a bug in a handler
  v1::CreateLegacyUserResponse created;
  EXPECT_EQ(Create(&created).error_code(), grpc::StatusCode::INTERNAL);
}

TEST_F(UnaryCallTest, ACallPastItsDeadlineIsNoLongerWantedAndCanBeDropped) {
  service_.on_create = [this](CreateReply r) { mailbox_.Put(std::move(r)); };
  v1::CreateLegacyUserResponse created;
  auto pending = std::async(std::launch::async, [&] { return Create(&created, 300ms); });
  CreateReply reply = mailbox_.Take();
  EXPECT_EQ(pending.get().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's copy of the deadline may lag the client's by a moment.
  EXPECT_TRUE(WithinSeconds(5, [&] { return !reply.Wanted(); }));
  bool filled = false;
  reply.Drop();
  reply.Send([&](v1::CreateLegacyUserResponse*) { filled = true; });
  EXPECT_FALSE(filled) << "a dropped call is answered";
}

TEST_F(UnaryCallTest, ACancelledCallIsNoLongerWanted) {
  service_.on_create = [this](CreateReply r) { mailbox_.Put(std::move(r)); };
  grpc::ClientContext ctx;
  v1::CreateLegacyUserResponse created;
  auto pending = std::async(std::launch::async, [&] { return Create(&created, 10s, &ctx); });
  CreateReply reply = mailbox_.Take();
  ctx.TryCancel();
  EXPECT_EQ(pending.get().error_code(), grpc::StatusCode::CANCELLED);
  // The cancellation reaches the server's context asynchronously.
  EXPECT_TRUE(WithinSeconds(5, [&] { return !reply.Wanted(); }));
  reply.Drop();
}

TEST_F(UnaryCallTest, AFullPoolRefusesWithResourceExhausted) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> lists{0};
  service_.on_list = [&](v1::ListLegacyImagesResponse*) {
    if (lists.fetch_add(1) == 0) {
      entered.set_value();
      released.wait();
    }
  };
  v1::ListLegacyImagesResponse first, second, third;
  auto busy = std::async(std::launch::async, [&] { return List(&first); });
  entered.get_future().wait();  // the only worker is held
  auto queued = std::async(std::launch::async, [&] { return List(&second); });
  ASSERT_TRUE(WithinSeconds(10, [&] { return workers_.queued() == 1; })) << "the second call never queued";

  const grpc::Status refused = List(&third);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  release.set_value();
  EXPECT_TRUE(busy.get().ok());
  EXPECT_TRUE(queued.get().ok());
  EXPECT_EQ(lists.load(), 2) << "the refused call ran";
}

TEST_F(UnaryCallTest, MissingCredentialsAreRefusedBeforeTheHandlerRuns) {
  service_.access = Access::kUser;
  std::atomic<bool> ran{false};
  service_.on_create = [&](CreateReply r) {
    ran = true;
    r.Send([](v1::CreateLegacyUserResponse*) {});
  };
  v1::CreateLegacyUserResponse created;
  EXPECT_EQ(Create(&created).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(ran.load());
}

TEST_F(UnaryCallTest, EveryAnswerCarriesTheRequestId) {
  service_.on_create = [](CreateReply r) { r.Send([](v1::CreateLegacyUserResponse*) {}); };
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-request-id", "req-unit-0001");
  v1::CreateLegacyUserResponse created;
  ASSERT_TRUE(Create(&created, 10s, &ctx).ok());
  const auto& md = ctx.GetServerInitialMetadata();
  auto it = md.find("x-request-id");
  ASSERT_NE(it, md.end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "req-unit-0001");
}

}  // namespace
}  // namespace stylist::rpc
