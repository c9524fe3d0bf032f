// The outbox sender's rules, on an in-memory outbox and a scripted relay:
// what a reset message says, that it cannot carry injected headers, the
// waits between attempts, dead-lettering after the last one (and at once
// for a message that cannot be sent at all or that the relay refused for
// good), and that a sent message is sent once.
#include "user/outbox_sender.h"

#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>

#include "user/notifier.h"

namespace stylist::user {
namespace {

const std::string kKey(32, 'k');

class FakeOutbox : public OutboxStore {
 public:
  struct Row {
    OutboxMessage message;
    bool sent = false, dead = false;
    std::chrono::seconds retry_after{0};
    std::string error;
  };
  std::deque<Row> rows;

  void Add(const std::string& to, const std::string& template_name, nlohmann::json sealed) {
    Row r;
    r.message.id = static_cast<long long>(rows.size()) + 1;
    r.message.recipient = to;
    r.message.template_name = template_name;
    r.message.payload = std::move(sealed);
    rows.push_back(std::move(r));
  }
  // Due: neither sent nor dead, and not waiting (a test "waits" by
  // clearing retry_after).
  bool DeliverNext(const std::function<DeliveryOutcome(const OutboxMessage&)>& deliver) override {
    for (auto& r : rows) {
      if (r.sent || r.dead || r.retry_after.count() > 0) continue;
      const auto outcome = deliver(r.message);
      ++r.message.attempts;
      r.sent = outcome.sent;
      r.dead = outcome.dead;
      r.retry_after = outcome.retry_after;
      r.error = outcome.error;
      return true;
    }
    return false;
  }
  OutboxCounts Counts() override { return {}; }
};

class ScriptedRelay : public MailSender {
 public:
  int failures_left = 0;
  std::vector<MailMessage> sent;
  void Send(const MailMessage& m) override {
    RenderMail(m, "Stylist <no-reply@example.com>", std::chrono::system_clock::now());  // as the SMTP sender does
    if (m.to.find("nobody") != std::string::npos) throw PermanentMailError("SMTP: 550 mailbox unavailable");
    if (failures_left > 0) {
      --failures_left;
      throw std::runtime_error("SMTP: 451 try again later");
    }
    sent.push_back(m);
  }
};

// A payload sealed as the notifier seals it.
nlohmann::json Sealed(const nlohmann::json& payload) { return OutboxNotifier::SealPayload(kKey, payload); }

MailOptions Options() {
  MailOptions o;
  o.from = "Stylist <no-reply@example.com>";
  o.first_retry = std::chrono::seconds(30);
  o.max_attempts = 3;
  o.reset_link_base = "https://app.example.com/reset?token=";
  return o;
}

TEST(OutboxSenderTest, AResetMessageCarriesTheCodeAndTheLink) {
  const auto m = OutboxSender::Compose("password_reset", {{"reset_token", "abc_123"}, {"expires_in_seconds", 1800}},
                                       "ada@example.com", Options());
  EXPECT_EQ(m.to, "ada@example.com");
  EXPECT_NE(m.body.find("https://app.example.com/reset?token=abc_123"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("30 minutes"), std::string::npos) << m.body;
  EXPECT_THROW(OutboxSender::Compose("newsletter", {}, "ada@example.com", Options()), std::invalid_argument);
  EXPECT_THROW(OutboxSender::Compose("password_reset", {{"other", 1}}, "ada@example.com", Options()),
               std::invalid_argument);

  const std::string text = RenderMail(m, Options().from, std::chrono::system_clock::now());
  EXPECT_EQ(text.rfind("From: Stylist <no-reply@example.com>\r\nTo: ada@example.com\r\n", 0), 0u) << text;
  EXPECT_NE(text.find("\r\n\r\nSomeone asked"), std::string::npos);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "a bare LF at " << i;
    }
  }
  // A recipient or subject with a line break would add headers: refused.
  MailMessage injected = m;
  injected.to = "ada@example.com\r\nBcc: eve@example.com";
  EXPECT_THROW(RenderMail(injected, Options().from, std::chrono::system_clock::now()), std::invalid_argument);
}

TEST(OutboxSenderTest, FailedAttemptsWaitLongerEachTimeThenTheMessageIsDeadLettered) {
  EXPECT_EQ(OutboxSender::RetryDelay(Options(), 1).count(), 30);
  EXPECT_EQ(OutboxSender::RetryDelay(Options(), 2).count(), 60);
  EXPECT_EQ(OutboxSender::RetryDelay(Options(), 3).count(), 120);
  EXPECT_EQ(OutboxSender::RetryDelay(Options(), 30).count(), 3600);

  FakeOutbox outbox;
  ScriptedRelay relay;
  relay.failures_left = 10;
  OutboxSender sender(outbox, relay, kKey, Options());
  outbox.Add("ada@example.com", "password_reset", Sealed({{"reset_token", "t1"}}));
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_FALSE(outbox.rows[0].sent);
  EXPECT_FALSE(outbox.rows[0].dead);
  EXPECT_EQ(outbox.rows[0].retry_after.count(), 30);
  EXPECT_NE(outbox.rows[0].error.find("451"), std::string::npos);
  EXPECT_EQ(sender.RunOnce(), 0) << "not due before its wait";
  for (int attempt = 2; attempt <= 3; ++attempt) {
    outbox.rows[0].retry_after = std::chrono::seconds(0);  // the wait has passed
    EXPECT_EQ(sender.RunOnce(), 1);
  }
  EXPECT_TRUE(outbox.rows[0].dead) << "three attempts, the last failed";
  EXPECT_TRUE(relay.sent.empty());
}

TEST(OutboxSenderTest, AMessageIsSentOnceAndOneThatCannotBeSentIsDeadAtOnce) {
  FakeOutbox outbox;
  ScriptedRelay relay;
  relay.failures_left = 1;
  OutboxSender sender(outbox, relay, kKey, Options());
  outbox.Add("ada@example.com", "password_reset", Sealed({{"reset_token", "t1"}}));
  outbox.Add("bob@example.com", "password_reset", nlohmann::json{{"sealed", "bm90IHNlYWxlZA"}, {"key_id", "other"}});
  outbox.Add("eve@example.com\r\nBcc: x@example.com", "password_reset", Sealed({{"reset_token", "t3"}}));
  outbox.Add("nobody@example.com", "password_reset", Sealed({{"reset_token", "t4"}}));
  sender.RunOnce();
  EXPECT_EQ(outbox.rows[0].retry_after.count(), 30) << "the relay refused the first attempt";
  EXPECT_TRUE(outbox.rows[1].dead) << "a payload that does not open is not tried again";
  EXPECT_TRUE(outbox.rows[2].dead) << "an address with a line break is never sent";
  EXPECT_TRUE(outbox.rows[3].dead) << "a message the relay refused for good is not tried again";
  EXPECT_EQ(outbox.rows[3].message.attempts, 1);
  outbox.rows[0].retry_after = std::chrono::seconds(0);
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_TRUE(outbox.rows[0].sent);
  EXPECT_EQ(sender.RunOnce(), 0);
  ASSERT_EQ(relay.sent.size(), 1u);
  EXPECT_NE(relay.sent[0].body.find("t1"), std::string::npos);
}

}  // namespace
}  // namespace stylist::user
