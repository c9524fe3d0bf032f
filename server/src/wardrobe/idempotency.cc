#include "wardrobe/idempotency.h"

#include <memory>

#include "common/crypto.h"
#include "common/api_error.h"
#include "db/queries.h"

namespace stylist::wardrobe {

IdempotentCreate::IdempotentCreate(const CallContext& call, const std::string& field,
                                   const google::protobuf::Message& request)
    : user_(call.principal.user_id), method_(call.method) {
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

bool IdempotentCreate::Replay(pqxx::work& tx, google::protobuf::Message* response) const {
  if (id_.empty()) return false;
  db::Exec0(tx, sql::idempotency::purge, user_);
  const auto rows = db::Exec(tx, sql::idempotency::find, user_, method_, id_);
  if (rows.empty()) return false;
  const pqxx::binarystring digest(rows[0][0]);
  if (digest.str() != request_digest_) {
    throw InvalidArgument(field_name_, "'" + id_ + "' was already used for a different request in the last 24 hours");
  }
  const pqxx::binarystring kept(rows[0][1]);
  if (!response->ParseFromString(kept.str())) throw std::runtime_error("a kept idempotent answer does not parse");
  return true;
}

void IdempotentCreate::Remember(pqxx::work& tx, const google::protobuf::Message& response) const {
  if (id_.empty()) return;
  db::Exec0(tx, sql::idempotency::insert, user_, method_, id_, pqxx::binarystring(request_digest_),
            pqxx::binarystring(response.SerializeAsString()));
}

}  // namespace stylist::wardrobe
