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
  // Like every adapter, it borrows the services main builds and adds only
  // the transport: access levels, the worker hand-off, deferred answers.
  UserGrpc(Runtime& rt, user::AccountService& accounts, user::ProfileService& profiles, user::AdminService& admin)
      : rt_(rt), accounts_(accounts), profiles_(profiles), admin_(admin) {}

#define STYLIST_RPC(Method, access, impl) STYLIST_UNARY_RPC(UserService, Method, access, impl)
  STYLIST_RPC(Register, Access::kPublic, accounts_)
  STYLIST_RPC(Login, Access::kPublic, accounts_)
  STYLIST_RPC(RefreshToken, Access::kPublic, accounts_)
  STYLIST_RPC(Logout, Access::kUser, accounts_)
  STYLIST_RPC(ChangePassword, Access::kUser, accounts_)
  STYLIST_RPC(RequestPasswordReset, Access::kPublic, accounts_)
  STYLIST_RPC(ResetPassword, Access::kPublic, accounts_)
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

  // Answered from the thread that reads its batch of profiles (see
  // ProfileService::GetProfile): the worker is free meanwhile.
  grpc::ServerUnaryReactor* GetProfile(grpc::CallbackServerContext* ctx, const v1::GetProfileRequest* req,
                                       v1::GetProfileResponse* resp) override {
    return DeferredUnary(rt_, ctx, "/stylist.v1.UserService/GetProfile", Access::kUser, req, resp,
                         [this](const v1::GetProfileRequest&, Reply<v1::GetProfileResponse> r) {
                           profiles_.GetProfile(
                               r.call(),
                               AnswerFromBatch<user::ProfileStore::ProfileRead>(
                                   r, [](v1::GetProfileResponse* out, user::ProfileStore::ProfileRead& read) {
                                     if (read.error) std::rethrow_exception(read.error);
                                     if (!read.profile) throw NotFound("account not found");
                                     *out->mutable_profile() = std::move(*read.profile);
                                   }),
                               [r] { return r.Wanted(); });
                         });
  }

 private:
  Runtime& rt_;
  user::AccountService& accounts_;
  user::ProfileService& profiles_;
  user::AdminService& admin_;
};

}  // namespace stylist::rpc
