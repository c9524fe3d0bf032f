#pragma once
// Admin-only: users and their roles, the audit log, service API keys.

#include "auth/principal.h"
#include "stylist/v1/user.pb.h"
#include "user/admin_store.h"
#include "user/deps.h"

namespace stylist::user {

class AdminService {
 public:
  // Users, the audit log and keys are `deps.admin`'s rows.
  explicit AdminService(Deps deps) : d_(deps) {}

  void ListUsers(const CallContext& call, const v1::ListUsersRequest& req, v1::ListUsersResponse* resp);
  void SetUserRole(const CallContext& call, const v1::SetUserRoleRequest& req, v1::SetUserRoleResponse* resp);
  void ListAuditEvents(const CallContext& call, const v1::ListAuditEventsRequest& req,
                       v1::ListAuditEventsResponse* resp);
  void CreateApiKey(const CallContext& call, const v1::CreateApiKeyRequest& req, v1::CreateApiKeyResponse* resp);
  void ListApiKeys(const CallContext& call, const v1::ListApiKeysRequest& req, v1::ListApiKeysResponse* resp);
  void RevokeApiKey(const CallContext& call, const v1::RevokeApiKeyRequest& req, v1::RevokeApiKeyResponse* resp);

 private:
  Deps d_;
};

}  // namespace stylist::user
