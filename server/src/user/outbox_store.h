#pragma once
// The notification outbox, as its sender sees it: one due message at a time,
// held by one sender (other replicas skip it) while it is delivered, and
// what the attempt came to recorded with it.

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>

#include "db/pool.h"

namespace stylist::user {

struct OutboxMessage {
  long long id = 0;
  std::string recipient;
  std::string template_name;
  nlohmann::json payload;  // sealed (notifier.h)
  int attempts = 0;        // before this one
};

// What an attempt came to: sent, or failed and tried again after
// retry_after, or failed for good (dead).
struct DeliveryOutcome {
  bool sent = false;
  std::string error;
  std::chrono::seconds retry_after{0};
  bool dead = false;
};

struct OutboxCounts {
  long long pending = 0;
  long long failed = 0;  // dead-lettered
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  // Runs deliver on the oldest due message while no other sender can take
  // it, and records its outcome; false when no message is due.
  virtual bool DeliverNext(const std::function<DeliveryOutcome(const OutboxMessage&)>& deliver) = 0;
  virtual OutboxCounts Counts() = 0;
};

class PgOutboxStore : public OutboxStore {
 public:
  explicit PgOutboxStore(db::Pool& pool) : pool_(pool) {}
  bool DeliverNext(const std::function<DeliveryOutcome(const OutboxMessage&)>& deliver) override;
  OutboxCounts Counts() override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::user
