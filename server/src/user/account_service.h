#pragma once
// Sign-up, sign-in and credentials: Register, Login, RefreshToken, Logout,
// ChangePassword, RequestPasswordReset, ResetPassword.

#include "auth/principal.h"
#include "stylist/v1/user.pb.h"
#include "user/deps.h"

namespace stylist::user {

class AccountService {
 public:
  explicit AccountService(Deps deps) : d_(deps) {}

  void Register(const CallContext& call, const v1::RegisterRequest& req, v1::RegisterResponse* resp);
  void Login(const CallContext& call, const v1::LoginRequest& req, v1::LoginResponse* resp);
  void RefreshToken(const CallContext& call, const v1::RefreshTokenRequest& req,
                    v1::RefreshTokenResponse* resp);
  void Logout(const CallContext& call, const v1::LogoutRequest& req, v1::LogoutResponse* resp);
  void ChangePassword(const CallContext& call, const v1::ChangePasswordRequest& req,
                      v1::ChangePasswordResponse* resp);
  void RequestPasswordReset(const CallContext& call, const v1::RequestPasswordResetRequest& req,
                            v1::RequestPasswordResetResponse* resp);
  void ResetPassword(const CallContext& call, const v1::ResetPasswordRequest& req,
                     v1::ResetPasswordResponse* resp);

 private:
  void RecordFailure(const CallContext& call, const std::string& event, const std::string& user_id,
                     const nlohmann::json& details);
  Deps d_;
};

}  // namespace stylist::user
