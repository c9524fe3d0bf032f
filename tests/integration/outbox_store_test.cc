// The notification outbox's store on a real PostgreSQL: two senders (two
// replicas) working the same outbox at once each take a message no other
// has (FOR UPDATE SKIP LOCKED), so every message is delivered exactly once;
// a failed attempt waits for its retry, a dead one is dead-lettered, and
// the counts say so.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "db/pool.h"
#include "server_process.h"
#include "user/outbox_store.h"

namespace stylist::testing {
namespace {

user::DeliveryOutcome Sent() {
  user::DeliveryOutcome o;
  o.sent = true;
  return o;
}

user::DeliveryOutcome Failed(const std::string& error, std::chrono::seconds retry_after, bool dead = false) {
  user::DeliveryOutcome o;
  o.error = error;
  o.retry_after = retry_after;
  o.dead = dead;
  return o;
}

class OutboxStoreTest : public ::testing::Test {
 protected:
  OutboxStoreTest() {
    ServerProcess migrate(DefaultServerEnv(db_.url()));  // the schema, then gone
  }
  // Queues a message as the notifier does (the payload is opaque here).
  long long Queue(const std::string& to) {
    return std::stoll(db_.QueryValue(
        "INSERT INTO notification_outbox (channel, recipient, template, payload) VALUES ('email', '" + to +
        "', 'password_reset', '{}') RETURNING id"));
  }
  ScratchDatabase db_;
};

TEST_F(OutboxStoreTest, TwoSendersDeliverEveryMessageExactlyOnce) {
  constexpr int kMessages = 24;
  std::set<long long> queued;
  for (int i = 0; i < kMessages; ++i) queued.insert(Queue("user" + std::to_string(i) + "@example.com"));

  db::Pool pool({db_.url(), 4});
  user::PgOutboxStore store(pool);
  std::mutex mu;
  std::map<long long, int> deliveries;  // by message id
  std::set<std::thread::id> senders_seen;
  auto sender = [&] {
    while (store.DeliverNext([&](const user::OutboxMessage& m) {
      {
        std::lock_guard lock(mu);
        ++deliveries[m.id];
        senders_seen.insert(std::this_thread::get_id());
      }
      // Long enough that the other sender comes while this one holds its
      // message.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return Sent();
    })) {
    }
  };
  std::thread a(sender), b(sender);
  a.join();
  b.join();

  EXPECT_EQ(deliveries.size(), queued.size());
  for (const auto& [id, n] : deliveries) {
    EXPECT_TRUE(queued.count(id)) << id;
    EXPECT_EQ(n, 1) << "message " << id << " was delivered " << n << " times";
  }
  EXPECT_EQ(senders_seen.size(), 2u) << "both senders took messages at the same time";
  const auto counts = store.Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.failed, 0);
}

TEST_F(OutboxStoreTest, AFailedAttemptWaitsForItsRetryAndADeadOneIsDeadLettered) {
  const long long retried = Queue("later@example.com");
  db::Pool pool({db_.url(), 2});
  user::PgOutboxStore store(pool);

  ASSERT_TRUE(store.DeliverNext([&](const user::OutboxMessage& m) {
    EXPECT_EQ(m.id, retried);
    EXPECT_EQ(m.attempts, 0);
    return Failed("451 try later", std::chrono::seconds(60));
  }));
  // Not due for a minute: nothing to deliver now, and it is still pending.
  EXPECT_FALSE(store.DeliverNext([](const user::OutboxMessage&) { return Sent(); }));
  EXPECT_EQ(store.Counts().pending, 1);
  EXPECT_EQ(db_.QueryValue("SELECT attempts || ' ' || last_error FROM notification_outbox WHERE id = " +
                           std::to_string(retried)),
            "1 451 try later");

  // Due again, it fails for good: dead-lettered, never tried again.
  db_.QueryValue("UPDATE notification_outbox SET next_attempt_at = now() WHERE id = " + std::to_string(retried));
  ASSERT_TRUE(store.DeliverNext([](const user::OutboxMessage& m) {
    EXPECT_EQ(m.attempts, 1);
    return Failed("550 no such mailbox", std::chrono::seconds(0), /*dead=*/true);
  }));
  EXPECT_FALSE(store.DeliverNext([](const user::OutboxMessage&) { return Sent(); }));
  const auto counts = store.Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.failed, 1);
}

// Without a mail relay the messages wait in the outbox, and the server says
// so when it starts rather than dropping them quietly.
TEST_F(OutboxStoreTest, AServerWithoutAMailRelaySaysResetMailsWillNotBeSent) {
  auto env = DefaultServerEnv(db_.url());
  ASSERT_EQ(env.count("STYLIST_SMTP_URL"), 0u);
  ServerProcess server(env);
  EXPECT_NE(server.Log().find("password reset messages will not be sent: STYLIST_SMTP_URL is not set"),
            std::string::npos)
      << server.Log();
}

}  // namespace
}  // namespace stylist::testing
