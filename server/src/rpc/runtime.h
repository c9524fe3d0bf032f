#pragma once
// What every RPC adapter needs: the worker pool, the authenticator, and the
// transport facts used to build a CallContext.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <vector>

#include "auth/authenticator.h"
#include "auth/principal.h"
#include "common/trusted_peers.h"
#include "common/worker_pool.h"

namespace stylist::rpc {

struct Runtime {
  WorkerPool& workers;
  Authenticator& authenticator;
  TrustedPeers trusted_proxies;
};

// The trace id of a W3C traceparent header, or "" when it is not a valid
// one (the call then starts a trace of its own).
std::string TraceIdOf(std::string_view traceparent);

// Request id (x-request-id when well-formed, generated otherwise), trace id
// (traceparent when valid, generated otherwise), client address
// (x-forwarded-for only from trusted proxies) and user agent.
CallContext MakeCallContext(const grpc::CallbackServerContext& ctx, const Runtime& rt,
                            const char* method);
Credentials CredentialsFrom(const grpc::CallbackServerContext& ctx);

// Runs fn, mapping every exception to a status: ApiError to its own status,
// database trouble to UNAVAILABLE, anything else (std::exception or not) to
// INTERNAL (details logged, never sent). The lines fn logs carry the call's
// trace id.
grpc::Status RunGuarded(const CallContext& call, const std::function<void()>& fn);

void LogCall(const CallContext& call, const grpc::Status& status,
             std::chrono::steady_clock::time_point start);

// Exposed for tests.
bool IsValidRequestId(std::string_view id);
std::string ClientAddressFromPeer(const std::string& peer);

}  // namespace stylist::rpc
