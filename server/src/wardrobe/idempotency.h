// Creates that a client may retry (AIP-155). Inside the create's write,
// after the per-user lock (WardrobeTx::NextChange): Replay answers a
// request id seen in the last 24 hours with the first answer; Remember
// keeps the answer of a new one. Both no-ops without a request id.
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "auth/principal.h"
#include "wardrobe/wardrobe_store.h"

namespace stylist::wardrobe {

class IdempotentCreate {
 public:
  // The request id: `field` (the request's request_id) when set, else the
  // REST Idempotency-Key header. INVALID_ARGUMENT when it is malformed.
  IdempotentCreate(const CallContext& call, const std::string& field, const google::protobuf::Message& request);

  // True (and `response` filled) when this request id was answered before.
  // INVALID_ARGUMENT when it was used for a different request.
  bool Replay(WardrobeTx& tx, google::protobuf::Message* response) const;
  void Remember(WardrobeTx& tx, const google::protobuf::Message& response) const;

 private:
  std::string method_;
  std::string id_;
  std::string field_name_;
  std::string request_digest_;
};

}  // namespace stylist::wardrobe
