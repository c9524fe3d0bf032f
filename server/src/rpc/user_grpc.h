#pragma once
// Registers the user-service logic with gRPC: one line per RPC, naming its
// access level. Everything else (pool, auth, logging) is in rpc::Unary.

#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/user.grpc.pb.h"
#include "user/account_service.h"
#include "user/admin_service.h"
#include "user/profile_service.h"

namespace stylist::rpc {

class UserGrpc final : public v1::UserService::CallbackService {
 public:
  UserGrpc(Runtime& rt, user::Deps deps) : rt_(rt), accounts_(deps), profiles_(deps), admin_(deps) {}

#define STYLIST_RPC(Method, access, impl) STYLIST_UNARY_RPC(UserService, Method, access, impl)
  STYLIST_RPC(Register, Access::kPublic, accounts_)
  STYLIST_RPC(Login, Access::kPublic, accounts_)
  STYLIST_RPC(RefreshToken, Access::kPublic, accounts_)
  STYLIST_RPC(Logout, Access::kUser, accounts_)
  STYLIST_RPC(ChangePassword, Access::kUser, accounts_)
  STYLIST_RPC(RequestPasswordReset, Access::kPublic, accounts_)
  STYLIST_RPC(ResetPassword, Access::kPublic, accounts_)
  STYLIST_RPC(GetProfile, Access::kUser, profiles_)
  STYLIST_RPC(UpdateProfile, Access::kUser, profiles_)
  STYLIST_RPC(ExportMyData, Access::kUser, profiles_)
  STYLIST_RPC(DeleteAccount, Access::kUser, profiles_)
  STYLIST_RPC(ListSessions, Access::kUser, profiles_)
  STYLIST_RPC(RevokeSession, Access::kUser, profiles_)
  STYLIST_RPC(ListUsers, Access::kAdmin, admin_)
  STYLIST_RPC(SetUserRole, Access::kAdmin, admin_)
  STYLIST_RPC(ListAuditEvents, Access::kAdmin, admin_)
  STYLIST_RPC(CreateApiKey, Access::kAdmin, admin_)
  STYLIST_RPC(ListApiKeys, Access::kAdmin, admin_)
  STYLIST_RPC(RevokeApiKey, Access::kAdmin, admin_)

#undef STYLIST_RPC

 private:
  Runtime& rt_;
  user::AccountService accounts_;
  user::ProfileService profiles_;
  user::AdminService admin_;
};

}  // namespace stylist::rpc
