#include "user/profile_service.h"

#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/json_util.h>

#include "auth/password.h"
#include "common/api_error.h"
#include "common/etag.h"
#include "common/ids.h"
#include "common/proto_util.h"
#include "user/validation.h"

namespace stylist::user {
namespace {
// Profile reads share a statement up to this many at a time; beyond this
// many waiting, callers are told to retry (the queue is the bound on what
// waits, as the worker pool's is for other calls).
constexpr std::size_t kMaxProfileBatch = 64;
constexpr std::size_t kMaxProfileReadsQueued = 4096;
}  // namespace

ProfileService::ProfileService(Deps deps)
    : d_(deps),
      profile_reads_(kMaxProfileBatch, kMaxProfileReadsQueued,
                     [this](const std::vector<const std::string*>& ids) { return d_.profiles.ReadProfiles(ids); }) {}

void ProfileService::GetProfile(const CallContext& call, ProfileDone done, std::function<bool()> wanted) {
  if (!profile_reads_.Submit(call.principal.user_id, std::move(done), std::move(wanted))) {
    throw ResourceExhausted("too many profile reads waiting, retry with backoff", "SERVER_BUSY");
  }
}

void ProfileService::UpdateProfile(const CallContext& call, const v1::UpdateProfileRequest& req,
                                   v1::UpdateProfileResponse* resp) {
  Violations v;
  CheckUpdateMask(req.update_mask(), v);
  v.ThrowIfAny();
  *resp->mutable_profile() =
      d_.profiles.UpdateProfile(call.principal.user_id, [&](const v1::Profile& current, std::int64_t version) {
        CheckEtag(ExpectedEtag(req.profile().etag(), call.if_match), version, "profile");
        v1::Profile merged = current;
        proto::ApplyUpdateMask(req.profile(), req.update_mask(), &merged);
        Violations checks;
        CheckProfile(merged, checks);
        checks.ThrowIfAny();
        return merged;
      });
}

void ProfileService::ExportMyData(const CallContext& call, const v1::ExportMyDataRequest&,
                                  v1::ExportMyDataResponse* resp) {
  const std::string json = d_.profiles.ExportAccount(call.principal.user_id, call);
  google::protobuf::util::JsonParseOptions options;
  if (!google::protobuf::util::JsonStringToMessage(json, resp->mutable_data(), options).ok()) {
    throw std::runtime_error("export produced JSON that does not fit google.protobuf.Struct");
  }
  proto::SetTime(resp->mutable_export_time(), std::chrono::system_clock::now());
}

void ProfileService::DeleteAccount(const CallContext& call, const v1::DeleteAccountRequest& req,
                                   v1::DeleteAccountResponse*) {
  const auto& p = call.principal;
  const std::optional<std::string> stored = d_.profiles.PasswordHash(p.user_id);
  if (!stored) throw NotFound("account not found");
  if (!stored->empty()) {
    if (req.password().empty()) throw InvalidArgument("password", "required to delete the account");
    if (req.password().size() > password::kMaxLength || !password::Verify(*stored, req.password())) {
      throw InvalidArgument("password", "does not match");
    }
  }
  const std::vector<std::string> blob_keys = d_.profiles.DeleteAccount(p.user_id, call);
  // After the commit: the rows no longer point at the photos. (A crash in
  // between leaves unreferenced files, never a row without its photo.)
  for (const auto& key : blob_keys) d_.blobs.Delete(key);
  d_.authenticator.ForgetAllSessions();
}

void ProfileService::ListSessions(const CallContext& call, const v1::ListSessionsRequest&,
                                  v1::ListSessionsResponse* resp) {
  for (v1::Session& s : d_.profiles.ListSessions(call.principal.user_id)) {
    s.set_current(s.session_id() == call.principal.session_id);
    *resp->add_sessions() = std::move(s);
  }
}

void ProfileService::RevokeSession(const CallContext& call, const v1::RevokeSessionRequest& req,
                                   v1::RevokeSessionResponse*) {
  if (!IsUuid(req.session_id())) throw InvalidArgument("session_id", "must be a session id from ListSessions");
  // Someone else's session id looks exactly like an unknown one.
  if (!d_.profiles.RevokeSession(call.principal.user_id, req.session_id(), call)) {
    throw NotFound("no such active session");
  }
  d_.authenticator.ForgetSession(req.session_id());
}

}  // namespace stylist::user
