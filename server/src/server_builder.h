#pragma once
// Transport limits, set on purpose. Debian's gRPC 1.51 predates the HTTP/2
// rapid-reset (CVE-2023-44487) and related fixes, so the defaults are not
// enough: streams per connection, header size, message sizes, keepalive
// abuse (ping strikes), connection age and a memory quota are all bounded.

#include <grpcpp/grpcpp.h>

#include "config/config.h"

namespace stylist {

void ApplyTransportLimits(const Config& config, grpc::ServerBuilder& builder);

}  // namespace stylist
