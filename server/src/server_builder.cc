#include "server_builder.h"

#include <grpcpp/resource_quota.h>

#include <chrono>

namespace stylist {

void ApplyTransportLimits(const Config& c, grpc::ServerBuilder& b) {
  b.SetMaxReceiveMessageSize(c.max_receive_message_bytes);
  b.SetMaxSendMessageSize(c.max_send_message_bytes);
  b.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, c.max_concurrent_streams);
  b.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, c.max_metadata_bytes);
  // Keepalive: we ping idle clients every 2 minutes; clients may ping us at
  // most every 10 s (more is a strike; two strikes close the connection).
  b.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 120000);
  b.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  b.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  b.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  b.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  // Idle connections go after 15 minutes; every connection is recycled
  // after STYLIST_MAX_CONNECTION_AGE (with 5 minutes for its calls to
  // finish), which bounds what one abusive connection can hold, and makes
  // an edge that finds replicas by DNS look again (new pods get calls).
  b.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, 15 * 60 * 1000);
  b.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                       static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(c.max_connection_age).count()));
  b.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 5 * 60 * 1000);
  // Memory for all connections together: streams opened and reset in a
  // flood cannot take more than this.
  grpc::ResourceQuota quota("stylist-server");
  quota.Resize(512LL * 1024 * 1024);
  b.SetResourceQuota(quota);
}

}  // namespace stylist
