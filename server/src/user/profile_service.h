#pragma once
// The caller's own account: profile, export, deletion, sessions. The rules
// live here; the rows are the ProfileStore's.

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "db/group_writer.h"
#include "stylist/v1/user.pb.h"
#include "user/deps.h"
#include "user/profile_store.h"

namespace stylist::user {

class ProfileService {
 public:
  explicit ProfileService(Deps deps);

  // How a profile read ends, called once on the thread that ran its batch:
  // with the read (the profile, nothing when the account no longer exists,
  // or that row's error), with the batch's error, or with nullptr when
  // `wanted` said the caller had gone (and nothing was read).
  using ProfileDone = std::function<void(ProfileStore::ProfileRead* read, std::exception_ptr error)>;
  // The caller's profile. GetProfile is the most frequent call of all:
  // concurrent reads share one statement (db::GroupWriter, up to 64 ids),
  // saving a database round trip and a wake-up each. Queues the read and
  // may return before `done` is called; throws RESOURCE_EXHAUSTED when too
  // many reads wait.
  void GetProfile(const CallContext& call, ProfileDone done, std::function<bool()> wanted);
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
  db::GroupWriter<std::string, ProfileStore::ProfileRead> profile_reads_;
};

}  // namespace stylist::user
