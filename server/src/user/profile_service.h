#pragma once
// The caller's own account: profile, export, deletion, sessions.

#include "auth/principal.h"
#include "stylist/v1/user.pb.h"
#include "user/deps.h"

namespace stylist::user {

class ProfileService {
 public:
  explicit ProfileService(Deps deps) : d_(deps) {}

  void GetProfile(const CallContext& call, const v1::GetProfileRequest& req, v1::GetProfileResponse* resp);
  void UpdateProfile(const CallContext& call, const v1::UpdateProfileRequest& req,
                     v1::UpdateProfileResponse* resp);
  void ExportMyData(const CallContext& call, const v1::ExportMyDataRequest& req,
                    v1::ExportMyDataResponse* resp);
  void DeleteAccount(const CallContext& call, const v1::DeleteAccountRequest& req,
                     v1::DeleteAccountResponse* resp);
  void ListSessions(const CallContext& call, const v1::ListSessionsRequest& req,
                    v1::ListSessionsResponse* resp);
  void RevokeSession(const CallContext& call, const v1::RevokeSessionRequest& req,
                     v1::RevokeSessionResponse* resp);

 private:
  Deps d_;
};

}  // namespace stylist::user
