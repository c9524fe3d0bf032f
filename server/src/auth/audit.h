#pragma once
// Security events (login ok/failed, refresh reuse, password change/reset,
// export, deletion...) go to the audit_events table, inside the transaction
// of the change they describe when there is one.

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <string>

#include "auth/principal.h"

namespace stylist::auth {

void RecordAudit(pqxx::work& tx, const std::string& event_type, const std::string& user_id,
                 const CallContext& call, const nlohmann::json& details = nlohmann::json::object());

}  // namespace stylist::auth
