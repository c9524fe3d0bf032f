#include "user/outbox_sender.h"

#include <algorithm>
#include <stdexcept>

#include "common/crypto.h"
#include "common/logging.h"
#include "user/notifier.h"

namespace stylist::user {

void OutboxSender::Start() {
  thread_ = std::thread([this] {
    while (!stopping_) {
      try {
        RunOnce();  // each message logs its outcome; the counts are the metrics' gauge
      } catch (const std::exception& e) {
        // The database away: the messages wait where they are.
        log::Warn("outbox: cannot reach the outbox", {{"error", e.what()}});
      }
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_.load(); });
    }
  });
}

void OutboxSender::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int OutboxSender::RunOnce() {
  int tried = 0;
  while (!stopping_ && store_.DeliverNext([this](const OutboxMessage& m) { return Deliver(m); })) ++tried;
  return tried;
}

std::chrono::seconds OutboxSender::RetryDelay(const MailOptions& options, int attempt) {
  const auto first = std::chrono::duration_cast<std::chrono::seconds>(options.first_retry);
  const auto delay = std::max<long long>(1, first.count()) << std::min(std::max(attempt - 1, 0), 20);
  return std::chrono::seconds(std::min<long long>(delay, 3600));
}

MailMessage OutboxSender::Compose(const std::string& template_name, const nlohmann::json& payload, const std::string& to,
                                  const MailOptions& options) {
  if (template_name != "password_reset") throw std::invalid_argument("unknown template " + template_name);
  if (!payload.is_object() || !payload.contains("reset_token") || !payload["reset_token"].is_string()) {
    throw std::invalid_argument("password_reset: the payload has no reset_token");
  }
  const std::string token = payload["reset_token"].get<std::string>();
  const long long minutes = payload.value("expires_in_seconds", 3600LL) / 60;
  std::string body = "Someone asked to reset the password of your Stylist account.\n\n";
  if (!options.reset_link_base.empty()) {
    body += "Choose a new password here:\n\n  " + options.reset_link_base + token + "\n\nor use this reset code in the app:\n\n  ";
  } else {
    body += "Use this reset code in the app to choose a new password:\n\n  ";
  }
  body += token + "\n\nIt works once, for " + std::to_string(minutes) +
          " minutes. If you did not ask for this, ignore this message: your password stays as it is.\n";
  return MailMessage{to, "Reset your Stylist password", body};
}

DeliveryOutcome OutboxSender::Deliver(const OutboxMessage& m) {
  // Each delivery is a trace of its own: its log lines carry one id.
  const log::TraceScope traced(crypto::ToHex(crypto::RandomBytes(16)));
  auto dead_letter = [&](const std::exception& e) {
    log::Error("outbox: a message that cannot be sent, dead-lettered",
               {{"outbox_id", m.id}, {"template", m.template_name}, {"error", e.what()}});
    return DeliveryOutcome{false, std::string("cannot be sent: ") + e.what(), std::chrono::seconds(0), true};
  };
  MailMessage mail;
  try {
    mail = Compose(m.template_name, OutboxNotifier::OpenPayload(key_, m.payload), m.recipient, options_);
  } catch (const std::exception& e) {
    return dead_letter(e);
  }
  try {
    mail_.Send(mail);
  } catch (const std::invalid_argument& e) {
    return dead_letter(e);  // a header injection, say: never sendable
  } catch (const PermanentMailError& e) {
    return dead_letter(e);  // the relay refused it for good
  } catch (const std::exception& e) {
    const int attempt = m.attempts + 1;
    const bool dead = attempt >= options_.max_attempts;
    const auto delay = RetryDelay(options_, attempt);
    log::Warn(dead ? "outbox: the last attempt failed, dead-lettered" : "outbox: an attempt failed, tried again later",
              {{"outbox_id", m.id}, {"template", m.template_name}, {"attempt", attempt},
               {"retry_in_s", dead ? 0 : delay.count()}, {"error", e.what()}});
    return DeliveryOutcome{false, e.what(), dead ? std::chrono::seconds(0) : delay, dead};
  }
  log::Info("outbox: sent", {{"outbox_id", m.id}, {"template", m.template_name}, {"attempt", m.attempts + 1}});
  return DeliveryOutcome{true, "", std::chrono::seconds(0), false};
}

}  // namespace stylist::user
