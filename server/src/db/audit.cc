#include "db/audit.h"

#include <optional>

namespace stylist::db {

void RecordAudit(pqxx::work& tx, const std::string& event_type, const std::string& user_id,
                 const CallContext& call, const nlohmann::json& details) {
  tx.exec_prepared0("audit/insert", event_type,
                    user_id.empty() ? std::nullopt : std::optional<std::string>(user_id),
                    call.client_address, call.request_id, details.dump());
}

}  // namespace stylist::db
