// Makes grpc.health.v1 visible to server reflection.
#pragma once

namespace stylist::rpc {

// gRPC's built-in health service (EnableDefaultHealthCheckService) is
// implemented without generated code, so its descriptor is not in the
// protobuf pool that the reflection service reads: `grpcurl ... list` would
// not show it and `grpcurl ... grpc.health.v1.Health/Check` would fail.
// This adds the standard grpc/health/v1/health.proto descriptor to the
// generated pool. Call once, before the server starts.
void RegisterHealthDescriptor();

}  // namespace stylist::rpc
