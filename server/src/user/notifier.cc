#include "user/notifier.h"

#include "common/crypto.h"
#include "common/logging.h"
#include "db/queries.h"

namespace stylist::user {

namespace {
// Names the key a payload was sealed with, so that a later key can be told
// apart from this one.
constexpr const char* kKeyId = "server-secret-v1";
}  // namespace

std::string OutboxKey(const std::string& server_secret) {
  return crypto::HmacSha256(server_secret, "stylist notification outbox v1");
}

nlohmann::json OutboxNotifier::SealPayload(const std::string& key, const nlohmann::json& payload) {
  return {{"sealed", crypto::Base64UrlEncode(crypto::Seal(key, payload.dump()))}, {"key_id", kKeyId}};
}

void OutboxNotifier::Send(pqxx::work& tx, const Notification& n) {
  const nlohmann::json stored = SealPayload(key_, n.payload);
  auto row = db::Exec1(tx, sql::outbox::insert, n.user_id, "email", n.recipient, n.template_name, stored.dump());
  log::Info("notification queued",
            {{"outbox_id", row[0].as<long long>()}, {"template", n.template_name}, {"user_id", n.user_id}});
}

nlohmann::json OutboxNotifier::OpenPayload(const std::string& key, const nlohmann::json& stored) {
  std::string sealed;
  if (!stored.is_object() || stored.value("key_id", "") != kKeyId || !stored.contains("sealed") ||
      !stored["sealed"].is_string() || !crypto::Base64UrlDecode(stored["sealed"].get<std::string>(), &sealed)) {
    throw std::runtime_error("outbox payload: not sealed with " + std::string(kKeyId));
  }
  auto plain = crypto::Open(key, sealed);
  if (!plain) throw std::runtime_error("outbox payload: does not open with this key");
  return nlohmann::json::parse(*plain);
}

}  // namespace stylist::user
