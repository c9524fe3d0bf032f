#include "auth/audit.h"
#include "db/queries.h"

#include <optional>

namespace stylist::auth {

void RecordAudit(pqxx::work& tx, const std::string& event_type, const std::string& user_id,
                 const CallContext& call, const nlohmann::json& details) {
  db::Exec0(tx, sql::audit::insert, event_type,
            user_id.empty() ? std::nullopt : std::optional<std::string>(user_id),
            call.client_address, call.request_id, details.dump());
}

}  // namespace stylist::auth
