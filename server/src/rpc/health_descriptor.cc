#include "rpc/health_descriptor.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <string>

namespace stylist::rpc {

namespace pb = google::protobuf;

// The descriptor of grpc/health/v1/health.proto (the wire contract from
// gRPC's health checking protocol), built field by field.
static std::string HealthFileDescriptor() {
  pb::FileDescriptorProto file;
  file.set_name("grpc/health/v1/health.proto");
  file.set_package("grpc.health.v1");
  file.set_syntax("proto3");

  auto* request = file.add_message_type();
  request->set_name("HealthCheckRequest");
  auto* service_field = request->add_field();
  service_field->set_name("service");
  service_field->set_json_name("service");
  service_field->set_number(1);
  service_field->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  service_field->set_type(pb::FieldDescriptorProto::TYPE_STRING);

  auto* response = file.add_message_type();
  response->set_name("HealthCheckResponse");
  auto* status_enum = response->add_enum_type();
  status_enum->set_name("ServingStatus");
  const char* names[] = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
  for (int i = 0; i < 4; ++i) {
    auto* v = status_enum->add_value();
    v->set_name(names[i]);
    v->set_number(i);
  }
  auto* status_field = response->add_field();
  status_field->set_name("status");
  status_field->set_json_name("status");
  status_field->set_number(1);
  status_field->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  status_field->set_type(pb::FieldDescriptorProto::TYPE_ENUM);
  status_field->set_type_name(".grpc.health.v1.HealthCheckResponse.ServingStatus");

  auto* service = file.add_service();
  service->set_name("Health");
  auto* check = service->add_method();
  check->set_name("Check");
  check->set_input_type(".grpc.health.v1.HealthCheckRequest");
  check->set_output_type(".grpc.health.v1.HealthCheckResponse");
  auto* watch = service->add_method();
  watch->set_name("Watch");
  watch->set_input_type(".grpc.health.v1.HealthCheckRequest");
  watch->set_output_type(".grpc.health.v1.HealthCheckResponse");
  watch->set_server_streaming(true);
  return file.SerializeAsString();
}

void RegisterHealthDescriptor() {
  // Not probed with FindFileByName first: a miss is remembered by the pool
  // and would hide the file added afterwards.
  static const bool once = [] {
    // The pool keeps a pointer to the bytes: they must live forever.
    static const std::string* encoded = new std::string(HealthFileDescriptor());
    pb::DescriptorPool::InternalAddGeneratedFile(encoded->data(), static_cast<int>(encoded->size()));
    return true;
  }();
  (void)once;
}

}  // namespace stylist::rpc
