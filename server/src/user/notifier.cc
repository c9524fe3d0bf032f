#include "user/notifier.h"

#include "common/logging.h"

namespace stylist::user {

void OutboxNotifier::Send(pqxx::work& tx, const Notification& n) {
  auto row = tx.exec_prepared1("outbox/insert", n.user_id, "email", n.recipient, n.template_name,
                               n.payload.dump());
  log::Info("notification queued",
            {{"outbox_id", row[0].as<long long>()}, {"template", n.template_name}, {"user_id", n.user_id}});
}

}  // namespace stylist::user
