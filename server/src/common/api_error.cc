#include "common/api_error.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace stylist {

ApiError::ApiError(grpc::StatusCode code, std::string message,
                   std::vector<FieldViolation> violations, std::string reason)
    : std::runtime_error(std::move(message)),
      code_(code),
      violations_(std::move(violations)),
      reason_(std::move(reason)) {}

grpc::Status ApiError::ToStatus() const {
  google::rpc::Status status;
  status.set_code(static_cast<int>(code_));
  status.set_message(what());
  if (!violations_.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& v : violations_) {
      auto* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    status.add_details()->PackFrom(bad_request);
  }
  if (!reason_.empty()) {
    google::rpc::ErrorInfo info;
    info.set_reason(reason_);
    info.set_domain("stylist.v1");
    status.add_details()->PackFrom(info);
  }
  if (retry_after_.count() > 0) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(retry_after_.count());
    status.add_details()->PackFrom(retry);
  }
  return grpc::Status(code_, what(), status.SerializeAsString());
}

ApiError InvalidArgument(std::string field, std::string description) {
  std::string message = field + ": " + description;
  return ApiError(grpc::StatusCode::INVALID_ARGUMENT, std::move(message),
                  {{std::move(field), std::move(description)}});
}

ApiError ImageTooLarge(std::string field, std::int64_t max_bytes) {
  std::string description = "the image is larger than the limit of " + std::to_string(max_bytes) + " bytes";
  std::string message = field + ": " + description;
  return ApiError(grpc::StatusCode::INVALID_ARGUMENT, std::move(message), {{std::move(field), std::move(description)}},
                  "IMAGE_TOO_LARGE");
}

ApiError InvalidArguments(std::vector<FieldViolation> violations) {
  std::string message;
  for (const auto& v : violations) {
    if (!message.empty()) message += "; ";
    message += v.field + ": " + v.description;
  }
  return ApiError(grpc::StatusCode::INVALID_ARGUMENT, std::move(message), std::move(violations));
}

ApiError NotFound(std::string message) {
  return ApiError(grpc::StatusCode::NOT_FOUND, std::move(message));
}

ApiError AlreadyExists(std::string field, std::string message) {
  return ApiError(grpc::StatusCode::ALREADY_EXISTS, message, {{std::move(field), message}});
}

ApiError Unauthenticated(std::string message) {
  return ApiError(grpc::StatusCode::UNAUTHENTICATED, std::move(message));
}

ApiError PermissionDenied(std::string message) {
  return ApiError(grpc::StatusCode::PERMISSION_DENIED, std::move(message));
}

ApiError FailedPrecondition(std::string message) {
  return ApiError(grpc::StatusCode::FAILED_PRECONDITION, std::move(message));
}

ApiError Aborted(std::string message) {
  return ApiError(grpc::StatusCode::ABORTED, std::move(message));
}

ApiError ResourceExhausted(std::string message, std::string reason) {
  return ApiError(grpc::StatusCode::RESOURCE_EXHAUSTED, std::move(message), {}, std::move(reason));
}

ApiError Unavailable(std::string message) {
  return ApiError(grpc::StatusCode::UNAVAILABLE, std::move(message));
}

void Violations::Add(std::string field, std::string description) {
  items_.push_back({std::move(field), std::move(description)});
}

void Violations::ThrowIfAny() const {
  if (!items_.empty()) throw InvalidArguments(items_);
}

}  // namespace stylist
