#pragma once
// Delivers messages to users (password reset links). Pluggable: the default
// writes to the notification_outbox table, in the caller's transaction, and
// logs that a message is waiting (never its secret content). A mail sender
// drains the outbox; a deployment can plug in another Notifier.

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
  void Send(pqxx::work& tx, const Notification& notification) override;
};

}  // namespace stylist::user
