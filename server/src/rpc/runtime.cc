#include "rpc/runtime.h"

#include <pqxx/pqxx>

#include <algorithm>

#include "common/crypto.h"
#include "common/api_error.h"
#include "common/logging.h"
#include "db/pool.h"
#include "metrics/metrics.h"
#include "common/text.h"

namespace stylist::rpc {
namespace {

std::optional<std::string> Metadata(const grpc::CallbackServerContext& ctx, const char* key) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(key);
  if (it == md.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}


}  // namespace

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

// "ipv4:10.0.0.1:5000" -> "10.0.0.1"; "ipv6:[::1]:5000" -> "::1".
std::string ClientAddressFromPeer(const std::string& peer) {
  std::string rest = peer;
  if (auto colon = rest.find(':'); colon != std::string::npos &&
                                   (rest.rfind("ipv4", 0) == 0 || rest.rfind("ipv6", 0) == 0)) {
    rest = rest.substr(colon + 1);
  } else {
    return peer;  // unix sockets and others: keep as is
  }
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    return close == std::string::npos ? rest : rest.substr(1, close - 1);
  }
  auto colon = rest.rfind(':');
  return colon == std::string::npos ? rest : rest.substr(0, colon);
}

std::string TraceIdOf(std::string_view traceparent) {
  // version "-" trace-id "-" parent-id "-" flags: 2, 32, 16 and 2 lowercase
  // hex digits (version ff and all-zero ids are invalid). A later version
  // may append fields after the flags.
  auto hex = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  };
  if (traceparent.size() < 55 || traceparent[2] != '-' || traceparent[35] != '-' || traceparent[52] != '-') return "";
  const auto version = traceparent.substr(0, 2), trace = traceparent.substr(3, 32), parent = traceparent.substr(36, 16),
             flags = traceparent.substr(53, 2);
  if (!hex(version) || !hex(trace) || !hex(parent) || !hex(flags) || version == "ff") return "";
  if (version == "00" && traceparent.size() != 55) return "";
  if (traceparent.size() > 55 && traceparent[55] != '-') return "";
  if (trace.find_first_not_of('0') == std::string_view::npos) return "";
  if (parent.find_first_not_of('0') == std::string_view::npos) return "";
  return std::string(trace);
}

CallContext MakeCallContext(const grpc::CallbackServerContext& ctx, const Runtime& rt,
                            const char* method) {
  CallContext call;
  call.method = method;
  auto rid = Metadata(ctx, "x-request-id");
  call.request_id = rid && IsValidRequestId(*rid) ? *rid : crypto::ToHex(crypto::RandomBytes(16));
  const auto traceparent = Metadata(ctx, "traceparent");
  call.trace_id = traceparent ? TraceIdOf(*traceparent) : "";
  if (call.trace_id.empty()) call.trace_id = crypto::ToHex(crypto::RandomBytes(16));
  call.client_address = ClientAddressFromPeer(ctx.peer());
  if (rt.trusted_proxies.Trusts(call.client_address)) {
    if (auto xff = Metadata(ctx, "x-forwarded-for")) {
      // The rightmost entry was added by our proxy; those left of it are
      // whatever the client claimed.
      auto comma = xff->rfind(',');
      std::string forwarded = text::Trim(comma == std::string::npos ? *xff : xff->substr(comma + 1), " \t");
      if (!forwarded.empty() && forwarded.size() <= 64) call.client_address = forwarded;
    }
  }
  if (auto ua = Metadata(ctx, "user-agent")) call.user_agent = ua->substr(0, 256);
  if (auto v = Metadata(ctx, "if-match")) call.if_match = v->substr(0, 256);
  if (auto v = Metadata(ctx, "idempotency-key")) call.idempotency_key = v->substr(0, 256);
  return call;
}

Credentials CredentialsFrom(const grpc::CallbackServerContext& ctx) {
  return {Metadata(ctx, "authorization"), Metadata(ctx, "x-api-key"), Metadata(ctx, "x-webhook-secret")};
}

grpc::Status RunGuarded(const CallContext& call, const std::function<void()>& fn) {
  const log::TraceScope traced(call.trace_id);
  try {
    fn();
    return grpc::Status::OK;
  } catch (const ApiError& e) {
    if (e.code() == grpc::StatusCode::RESOURCE_EXHAUSTED) metrics::CountRefused(call.method, e.reason());
    return e.ToStatus();
  } catch (const pqxx::sql_error& e) {
    try {
      db::ThrowIfInfrastructure(e);
    } catch (const ApiError& mapped) {
      return mapped.ToStatus();
    }
    log::Error("unexpected database error",
               {{"method", call.method}, {"request_id", call.request_id}, {"sqlstate", e.sqlstate()},
                {"error", e.what()}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error (request id " + call.request_id + ")");
  } catch (const pqxx::broken_connection&) {
    return Unavailable("database connection lost").ToStatus();
  } catch (const std::exception& e) {
    log::Error("unhandled exception",
               {{"method", call.method}, {"request_id", call.request_id}, {"error", e.what()}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error (request id " + call.request_id + ")");
  } catch (...) {
    log::Error("unhandled exception",
               {{"method", call.method}, {"request_id", call.request_id}, {"error", "not a std::exception"}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error (request id " + call.request_id + ")");
  }
}

void LogCall(const CallContext& call, const grpc::Status& status,
             std::chrono::steady_clock::time_point start) {
  static constexpr const char* kCodes[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED"};
  const int code = static_cast<int>(status.error_code());
  const char* const code_name = code >= 0 && code <= 16 ? kCodes[code] : "UNKNOWN";
  const auto duration = std::chrono::steady_clock::now() - start;
  metrics::ObserveRpc(call.method, code_name, duration);
  const bool server_fault = status.error_code() == grpc::StatusCode::INTERNAL ||
                            status.error_code() == grpc::StatusCode::UNAVAILABLE;
  const log::Level level = server_fault ? log::Level::kWarn : log::Level::kInfo;
  if (!log::Enabled(level)) return;  // not even the fields are built
  const double ms = std::chrono::duration<double, std::milli>(duration).count();
  nlohmann::json fields = {{"method", call.method},
                           {"request_id", call.request_id},
                           {"trace_id", call.trace_id},
                           {"code", code_name},
                           {"duration_ms", std::round(ms * 1000) / 1000},
                           {"client_address", call.client_address}};
  if (!call.principal.user_id.empty()) fields["user_id"] = call.principal.user_id;
  if (!call.principal.api_key_id.empty()) fields["api_key_id"] = call.principal.api_key_id;
  if (!status.ok()) fields["error"] = status.error_message();
  log::Write(level, "rpc", std::move(fields));
}

}  // namespace stylist::rpc
