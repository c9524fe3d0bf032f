#include "user/outbox_store.h"

#include "db/queries.h"

namespace stylist::user {

bool PgOutboxStore::DeliverNext(const std::function<DeliveryOutcome(const OutboxMessage&)>& deliver) {
  // The row stays locked (FOR UPDATE SKIP LOCKED) for the whole attempt, so
  // two senders never deliver one message; the outcome commits with it.
  return pool_.Transact([&](pqxx::work& tx) {
    const auto rows = db::Exec(tx, sql::outbox::claim_due);
    if (rows.empty()) return false;
    OutboxMessage m;
    m.id = rows[0]["id"].as<long long>();
    m.recipient = rows[0]["recipient"].as<std::string>();
    m.template_name = rows[0]["template"].as<std::string>();
    m.payload = nlohmann::json::parse(rows[0]["payload"].as<std::string>(), nullptr, false);
    m.attempts = rows[0]["attempts"].as<int>();
    const DeliveryOutcome outcome = deliver(m);
    if (outcome.sent) {
      db::Exec0(tx, sql::outbox::mark_sent, m.id);
    } else {
      db::Exec0(tx, sql::outbox::mark_failed, m.id, outcome.error.substr(0, 1000),
                static_cast<double>(outcome.retry_after.count()), outcome.dead);
    }
    return true;
  });
}

OutboxCounts PgOutboxStore::Counts() {
  return pool_.Read([](db::Pool::ReadTx& tx) {
    const auto row = db::Exec1(tx, sql::outbox::counts);
    return OutboxCounts{row["pending"].as<long long>(), row["failed"].as<long long>()};
  });
}

}  // namespace stylist::user
