#pragma once
// Runs a unary RPC on the worker pool with the callback API: gRPC's thread
// only builds the call context and queues the work; the worker
// authenticates (the one auth check), runs the handler, logs, and finishes
// the reactor. A full pool answers RESOURCE_EXHAUSTED at once.
//
// A handler may also answer later, from another thread (DeferredUnary): it
// gets a Reply instead of the response, and its worker is free as soon as
// it returns. Legacy user creation does so: its request waits in
// db::GroupWriter's queue, not on a parked worker. Such a handler bounds its
// own queue (the pool's bound no longer holds its calls back) and skips the
// work of calls whose client gave up while they waited (Reply::Wanted).

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <utility>

#include "common/text_input.h"
#include "rpc/runtime.h"

namespace stylist::rpc {

// One unary call, shared by whoever answers it: answered, logged and
// finished exactly once.
class UnaryCall {
 public:
  UnaryCall(grpc::CallbackServerContext* ctx, CallContext context, grpc::ServerUnaryReactor* reactor,
            std::chrono::steady_clock::time_point start)
      : ctx_(ctx), context_(std::move(context)), reactor_(reactor), start_(start) {}
  UnaryCall(const UnaryCall&) = delete;
  UnaryCall& operator=(const UnaryCall&) = delete;

  // A call nobody answered (a bug: every path must) is still finished, so
  // that the client is not left waiting and the server can shut down.
  ~UnaryCall() {
    if (Claim()) Finish(grpc::Status(grpc::StatusCode::INTERNAL, "internal error (request id " + context_.request_id + ")"));
  }

  CallContext& context() { return context_; }

  // The status for a call the client has given up on (cancelled, or past its
  // deadline), or OK while it still waits for the answer. Only before the
  // call is finished: Finish ends the call, and gRPC frees its context.
  grpc::Status Abandoned() const {
    if (ctx_->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled before it was served");
    if (ctx_->deadline() < std::chrono::system_clock::now()) {
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline passed before the call was served");
    }
    return grpc::Status::OK;
  }

  // True for the one caller that may fill the response and finish the call.
  bool Claim() { return !claimed_.exchange(true, std::memory_order_acq_rel); }
  bool Claimed() const { return claimed_.load(std::memory_order_acquire); }

  // Only after a successful Claim.
  void Finish(const grpc::Status& status) {
    LogCall(context_, status, start_);
    reactor_->Finish(status);
  }

 private:
  grpc::CallbackServerContext* const ctx_;
  CallContext context_;
  grpc::ServerUnaryReactor* const reactor_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<bool> claimed_{false};
};

// The answer to a call, given by whichever thread has it. Copyable; the
// first Send, Fail or Drop answers and the others are ignored.
template <typename Resp>
class Reply {
 public:
  Reply(std::shared_ptr<UnaryCall> call, Resp* response) : call_(std::move(call)), response_(response) {}

  const CallContext& call() const { return call_->context(); }

  // fill(Resp*) sets the response or throws; what it throws becomes the
  // call's status (RunGuarded: the one error mapping).
  template <typename Fill>
  void Send(Fill&& fill) const {
    if (!call_->Claim()) return;
    call_->Finish(RunGuarded(call_->context(), [&] { fill(response_); }));
  }

  void Fail(std::exception_ptr error) const {
    Send([&](Resp*) { std::rethrow_exception(error); });
  }

  // Whether the client still waits for the answer: work queued for a call
  // can be skipped when it no longer does. False once answered. Ask it only
  // from the thread that will answer: an answer from another thread could
  // end the call (and free its context) while this one looks.
  bool Wanted() const { return !call_->Claimed() && call_->Abandoned().ok(); }

  // Answers a call whose work was skipped because the client gave up.
  void Drop() const {
    if (!call_->Claim()) return;
    grpc::Status status = call_->Abandoned();
    if (status.ok()) status = grpc::Status(grpc::StatusCode::ABORTED, "call not served");
    call_->Finish(status);
  }

 private:
  std::shared_ptr<UnaryCall> call_;
  Resp* response_;
};

// The `done` of a request queued in a db::GroupWriter that answers `reply`:
// with the batch's error, with a drop when the batch skipped the request
// (the caller had gone), or with fill(Resp*, Result&), which may throw the
// call's error.
template <typename Result, typename Resp, typename Fill>
auto AnswerFromBatch(Reply<Resp> reply, Fill fill) {
  return [reply, fill](Result* result, std::exception_ptr error) {
    if (error) return reply.Fail(error);
    if (result == nullptr) return reply.Drop();
    reply.Send([&](Resp* resp) { fill(resp, *result); });
  };
}

// run(std::shared_ptr<UnaryCall>) runs on a worker once the caller is
// authenticated; it answers the call, or arranges for it to be answered, or
// throws (which answers with the mapped error).
template <typename Run>
grpc::ServerUnaryReactor* StartUnary(Runtime& rt, grpc::CallbackServerContext* ctx, const char* method,
                                     Access access, Run run) {
  auto* reactor = ctx->DefaultReactor();
  const auto start = std::chrono::steady_clock::now();
  auto call = std::make_shared<UnaryCall>(ctx, MakeCallContext(*ctx, rt, method), reactor, start);
  ctx->AddInitialMetadata("x-request-id", call->context().request_id);
  auto credentials = std::make_shared<Credentials>(CredentialsFrom(*ctx));
  const bool queued = rt.workers.TrySubmit([&rt, call, credentials, access, run]() mutable {
    grpc::Status status = call->Abandoned();  // while it waited in the queue
    if (status.ok()) {
      status = RunGuarded(call->context(), [&] {
        call->context().principal = rt.authenticator.Authenticate(*credentials, access);
        run(call);
      });
    }
    if (!status.ok() && call->Claim()) call->Finish(status);
  });
  if (!queued && call->Claim()) {
    call->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "server busy, retry with backoff"));
  }
  return reactor;
}

// handler(const CallContext&, const Req&, Resp*) fills the response or
// throws ApiError.
template <typename Req, typename Resp, typename Handler>
grpc::ServerUnaryReactor* Unary(Runtime& rt, grpc::CallbackServerContext* ctx, const char* method,
                                Access access, const Req* request, Resp* response, Handler handler) {
  return StartUnary(rt, ctx, method, access, [request, response, handler](std::shared_ptr<UnaryCall> call) {
    RejectControlCharacters(*request);
    handler(call->context(), *request, response);
    Reply<Resp>(std::move(call), response).Send([](Resp*) {});
  });
}

// handler(const Req&, Reply<Resp>) answers through the Reply, now or later
// from any thread, or throws ApiError before it has handed the Reply on.
template <typename Req, typename Resp, typename Handler>
grpc::ServerUnaryReactor* DeferredUnary(Runtime& rt, grpc::CallbackServerContext* ctx, const char* method,
                                        Access access, const Req* request, Resp* response, Handler handler) {
  return StartUnary(rt, ctx, method, access, [request, response, handler](std::shared_ptr<UnaryCall> call) {
    RejectControlCharacters(*request);
    handler(*request, Reply<Resp>(std::move(call), response));
  });
}

}  // namespace stylist::rpc

// Defines the override of one unary method of a generated CallbackService:
// `impl.Method(call, request, response)` runs through rpc::Unary with the
// given access level. Used inside the service classes of rpc/*_grpc.h.
#define STYLIST_UNARY_RPC(Service, Method, access, impl)                                      \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,                         \
                                   const v1::Method##Request* req,                            \
                                   v1::Method##Response* resp) override {                     \
    return Unary(rt_, ctx, "/stylist.v1." #Service "/" #Method, access, req, resp,            \
                 [this](const CallContext& c, const v1::Method##Request& q,                   \
                        v1::Method##Response* r) { impl.Method(c, q, r); });                  \
  }
