#include "wardrobe/idempotency.h"

#include <memory>

#include "common/crypto.h"
#include "common/api_error.h"

namespace stylist::wardrobe {

IdempotentCreate::IdempotentCreate(const CallContext& call, const std::string& field,
                                   const google::protobuf::Message& request)
    : method_(call.method) {
  id_ = field.empty() ? call.idempotency_key : field;
  field_name_ = field.empty() ? "Idempotency-Key" : "request_id";
  if (id_.empty()) return;
  if (id_.size() > 100) throw InvalidArgument(field_name_, "at most 100 characters");
  for (const char c : id_) {
    if (c < 0x21 || c > 0x7E) throw InvalidArgument(field_name_, "printable ASCII characters only, no spaces");
  }
  // The request without its request_id, so that a retry sent with the field
  // and one sent with the header are the same request; the same id with
  // another body is a different one.
  std::unique_ptr<google::protobuf::Message> body(request.New());
  body->CopyFrom(request);
  if (const auto* f = body->GetDescriptor()->FindFieldByName("request_id")) body->GetReflection()->ClearField(body.get(), f);
  request_digest_ = crypto::Sha256(body->SerializeAsString());
}

bool IdempotentCreate::Replay(WardrobeTx& tx, google::protobuf::Message* response) const {
  if (id_.empty()) return false;
  const auto kept = tx.FindKeptAnswer(method_, id_);
  if (!kept) return false;
  if (kept->request_digest != request_digest_) {
    throw InvalidArgument(field_name_, "'" + id_ + "' was already used for a different request in the last 24 hours");
  }
  if (!response->ParseFromString(kept->response)) throw std::runtime_error("a kept idempotent answer does not parse");
  return true;
}

void IdempotentCreate::Remember(WardrobeTx& tx, const google::protobuf::Message& response) const {
  if (id_.empty()) return;
  tx.KeepAnswer(method_, id_, {request_digest_, response.SerializeAsString()});
}

}  // namespace stylist::wardrobe
