#pragma once
// The one error type of the service logic. Logic code throws ApiError; the
// RPC boundary (rpc/unary_call.h) turns it into a grpc::Status carrying a
// google.rpc.Status with details, so REST clients get the same fields.

#include <grpcpp/support/status.h>

#include <chrono>
#include <stdexcept>
#include <cstdint>
#include <string>
#include <vector>

namespace stylist {

struct FieldViolation {
  std::string field;
  std::string description;
};

class ApiError : public std::runtime_error {
 public:
  ApiError(grpc::StatusCode code, std::string message,
           std::vector<FieldViolation> violations = {}, std::string reason = {});

  grpc::StatusCode code() const { return code_; }
  const std::vector<FieldViolation>& violations() const { return violations_; }
  // Machine-readable reason for google.rpc.ErrorInfo, e.g. "RATE_LIMITED".
  const std::string& reason() const { return reason_; }
  // How long the client should wait before trying again (google.rpc.RetryInfo;
  // Retry-After over REST); zero: no hint.
  std::chrono::seconds retry_after() const { return retry_after_; }
  ApiError& WithRetryAfter(std::chrono::seconds delay) {
    retry_after_ = delay;
    return *this;
  }

  grpc::Status ToStatus() const;

 private:
  grpc::StatusCode code_;
  std::vector<FieldViolation> violations_;
  std::string reason_;
  std::chrono::seconds retry_after_{0};
};

// Shorthands for the codes the logic uses.
ApiError InvalidArgument(std::string field, std::string description);
ApiError InvalidArguments(std::vector<FieldViolation> violations);
// An image over the size limit: INVALID_ARGUMENT naming the field, with the
// reason IMAGE_TOO_LARGE, which the edge answers as 413 over REST.
ApiError ImageTooLarge(std::string field, std::int64_t max_bytes);
ApiError NotFound(std::string message);
ApiError AlreadyExists(std::string field, std::string message);
ApiError Unauthenticated(std::string message);
ApiError PermissionDenied(std::string message);
ApiError FailedPrecondition(std::string message);
ApiError Aborted(std::string message);
ApiError ResourceExhausted(std::string message, std::string reason = "RATE_LIMITED");
ApiError Unavailable(std::string message);

// Collects field violations and throws them all at once, so that a client
// learns every problem of a request in one round trip.
class Violations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return items_.empty(); }
  const std::vector<FieldViolation>& items() const { return items_; }
  void ThrowIfAny() const;

 private:
  std::vector<FieldViolation> items_;
};

}  // namespace stylist
