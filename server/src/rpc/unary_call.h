#pragma once
// Runs a unary RPC on the worker pool with the callback API: gRPC's thread
// only builds the call context and queues the work; the worker
// authenticates (the one auth check), runs the handler, logs, and finishes
// the reactor. A full pool answers RESOURCE_EXHAUSTED at once.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

#include "rpc/runtime.h"

namespace stylist::rpc {

// handler(const CallContext&, const Req&, Resp*) throws ApiError on failure.
template <typename Req, typename Resp, typename Handler>
grpc::ServerUnaryReactor* Unary(Runtime& rt, grpc::CallbackServerContext* ctx, const char* method,
                                Access access, const Req* request, Resp* response,
                                Handler handler) {
  auto* reactor = ctx->DefaultReactor();
  const auto start = std::chrono::steady_clock::now();
  auto call = std::make_shared<CallContext>(MakeCallContext(*ctx, rt, method));
  ctx->AddInitialMetadata("x-request-id", call->request_id);
  auto credentials = std::make_shared<Credentials>(CredentialsFrom(*ctx));
  const bool queued = rt.workers.TrySubmit([&rt, ctx, reactor, call, credentials, access, request,
                                            response, handler, start]() mutable {
    grpc::Status status;
    if (ctx->IsCancelled()) {
      status = grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled before it started");
    } else if (ctx->deadline() < std::chrono::system_clock::now()) {
      status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "deadline passed while queued");
    } else {
      status = RunGuarded(*call, [&] {
        call->principal = rt.authenticator.Authenticate(*credentials, access);
        handler(*call, *request, response);
      });
    }
    LogCall(*call, status, start);
    reactor->Finish(status);
  });
  if (!queued) {
    grpc::Status busy(grpc::StatusCode::RESOURCE_EXHAUSTED, "server busy, retry with backoff");
    LogCall(*call, busy, start);
    reactor->Finish(busy);
  }
  return reactor;
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
