#pragma once
// Sends what the notification outbox holds (password reset codes) through
// the mail relay: every due message, in order, on a thread of its own; a
// failed attempt is tried again after a wait that doubles each time (up to
// an hour), and after the last attempt the message is dead-lettered. A
// message that cannot be sent at all (a payload that does not open, an
// unknown template) is dead at once. Logs say what was sent or why not,
// never the code inside.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "user/mail.h"
#include "user/outbox_store.h"

namespace stylist::user {

class OutboxSender {
 public:
  // key: the outbox key (notifier.h) that opens the payloads.
  OutboxSender(OutboxStore& store, MailSender& mail, std::string key, MailOptions options)
      : store_(store), mail_(mail), key_(std::move(key)), options_(std::move(options)) {}
  ~OutboxSender() { Stop(); }
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  void Start();
  // Stops after the message in hand.
  void Stop();

  // Tries every message due now; returns how many were tried.
  int RunOnce();

  // The mail a message of `template_name` becomes. Throws
  // std::invalid_argument for a template it does not know or a payload
  // without what the template needs.
  static MailMessage Compose(const std::string& template_name, const nlohmann::json& payload, const std::string& to,
                             const MailOptions& options);

  // The wait before attempt number `attempt` + 1, after `attempt` failures.
  static std::chrono::seconds RetryDelay(const MailOptions& options, int attempt);

 private:
  DeliveryOutcome Deliver(const OutboxMessage& m);

  OutboxStore& store_;
  MailSender& mail_;
  const std::string key_;
  const MailOptions options_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace stylist::user
