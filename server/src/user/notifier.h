#pragma once
// Delivers messages to users (password reset links). Pluggable: the default
// writes to the notification_outbox table, in the caller's transaction, and
// logs that a message is waiting (never its secret content). A mail sender
// drains the outbox; a deployment can plug in another Notifier.
//
// The outbox holds no usable secret: a message's payload (a reset token
// among it) is sealed with a key that is not in the database (derived from
// the server's secret), so a leaked table or backup resets no password. The
// mail sender opens it with the same key.

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <string>

namespace stylist::user {

struct Notification {
  std::string user_id;
  std::string recipient;  // email address
  std::string template_name;  // e.g. "password_reset"
  nlohmann::json payload;
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void Send(pqxx::work& tx, const Notification& notification) = 0;
};

class OutboxNotifier : public Notifier {
 public:
  // key: 32 bytes, OutboxKey(secret).
  explicit OutboxNotifier(std::string key) : key_(std::move(key)) {}
  void Send(pqxx::work& tx, const Notification& notification) override;

  // The payload as Send stores it: sealed with key.
  static nlohmann::json SealPayload(const std::string& key, const nlohmann::json& payload);
  // The payload as written by Send, from the stored one; throws
  // std::runtime_error when it was not sealed with this key.
  static nlohmann::json OpenPayload(const std::string& key, const nlohmann::json& stored);

 private:
  std::string key_;
};

// The outbox key, derived from the server's secret (STYLIST_JWT_SECRET):
// every replica has it, the database does not.
std::string OutboxKey(const std::string& server_secret);

}  // namespace stylist::user
