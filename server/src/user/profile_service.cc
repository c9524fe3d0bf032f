#include "user/profile_service.h"

#include <unordered_map>

#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/json_util.h>

#include "auth/password.h"
#include "common/api_error.h"
#include "common/etag.h"
#include "common/ids.h"
#include "common/proto_util.h"
#include "auth/audit.h"
#include "user/profile_codec.h"
#include "user/validation.h"
#include "db/queries.h"

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
                     [this](const std::vector<const std::string*>& ids) { return ReadProfiles(ids); }) {}

void ProfileService::GetProfile(const CallContext& call, ProfileRead done, std::function<bool()> wanted) {
  if (!profile_reads_.Submit(call.principal.user_id, std::move(done), std::move(wanted))) {
    throw ResourceExhausted("too many profile reads waiting, retry with backoff", "SERVER_BUSY");
  }
}

std::vector<std::optional<v1::Profile>> ProfileService::ReadProfiles(const std::vector<const std::string*>& user_ids) {
  // A text array literal of the ids: they come from verified tokens and are
  // UUIDs (checked again here, as nothing else may reach the literal).
  std::string array = "{";
  for (const std::string* id : user_ids) {
    if (!IsUuid(*id)) continue;
    if (array.size() > 1) array += ',';
    array += *id;
  }
  array += '}';
  std::unordered_map<std::string, v1::Profile> found;
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    found.clear();
    for (const auto& row : db::Exec(tx, sql::user::get_profiles, array)) {
      v1::Profile profile = ProfileFromRow(row);
      std::string id = profile.user_id();
      found.emplace(std::move(id), std::move(profile));
    }
  });
  std::vector<std::optional<v1::Profile>> results;
  results.reserve(user_ids.size());
  for (const std::string* id : user_ids) {
    auto it = found.find(*id);
    if (it == found.end()) results.emplace_back(std::nullopt);
    else results.emplace_back(it->second);
  }
  return results;
}

void ProfileService::UpdateProfile(const CallContext& call, const v1::UpdateProfileRequest& req,
                                   v1::UpdateProfileResponse* resp) {
  Violations v;
  CheckUpdateMask(req.update_mask(), v);
  v.ThrowIfAny();
  try {
    d_.pool.Transact([&](pqxx::work& tx) {
      auto r = db::Exec(tx, sql::user::get_profile_for_update, call.principal.user_id);
      if (r.empty()) throw NotFound("account not found");
      v1::Profile merged = ProfileFromRow(r[0]);
      CheckEtag(ExpectedEtag(req.profile().etag(), call.if_match), r[0][17].as<std::int64_t>(), "profile");
      proto::ApplyUpdateMask(req.profile(), req.update_mask(), &merged);
      Violations checks;
      CheckProfile(merged, checks);
      checks.ThrowIfAny();
      *resp->mutable_profile() = WriteProfile(tx, call.principal.user_id, merged);
    });
  } catch (const pqxx::unique_violation&) {
    throw AlreadyExists("profile.username", "this username is taken");
  } catch (const pqxx::check_violation&) {
    throw InvalidArgument("profile", "a value is out of range");
  }
}

void ProfileService::ExportMyData(const CallContext& call, const v1::ExportMyDataRequest&,
                                  v1::ExportMyDataResponse* resp) {
  const std::string json = d_.pool.Transact([&](pqxx::work& tx) {
    auto row = db::Exec1(tx, sql::user::export_, call.principal.user_id);
    auth::RecordAudit(tx, "data_exported", call.principal.user_id, call);
    return row[0].as<std::string>();
  });
  google::protobuf::util::JsonParseOptions options;
  if (!google::protobuf::util::JsonStringToMessage(json, resp->mutable_data(), options).ok()) {
    throw std::runtime_error("export produced JSON that does not fit google.protobuf.Struct");
  }
  proto::SetTime(resp->mutable_export_time(), std::chrono::system_clock::now());
}

void ProfileService::DeleteAccount(const CallContext& call, const v1::DeleteAccountRequest& req,
                                   v1::DeleteAccountResponse*) {
  const auto& p = call.principal;
  auto stored = d_.pool.Read([&](db::Pool::ReadTx& tx) {
    auto r = db::Exec(tx, sql::user::get_password_hash, p.user_id);
    if (r.empty()) throw NotFound("account not found");
    return r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
  });
  if (!stored.empty()) {
    if (req.password().empty()) throw InvalidArgument("password", "required to delete the account");
    if (req.password().size() > password::kMaxLength || !password::Verify(stored, req.password())) {
      throw InvalidArgument("password", "does not match");
    }
  }
  std::vector<std::string> blob_keys;
  d_.pool.Transact([&](pqxx::work& tx) {
    blob_keys.clear();
    for (const auto& query : {sql::photo::keys_of_user, sql::skin::photo_keys_of_user}) {
      for (const auto& row : db::Exec(tx, query, p.user_id)) {
        for (const auto& field : row) {
          if (!field.is_null()) blob_keys.push_back(field.as<std::string>());
        }
      }
    }
    // The audit row keeps only the id: the account's data goes with it.
    auth::RecordAudit(tx, "account_deleted", p.user_id, call);
    db::Exec0(tx, sql::user::delete_, p.user_id);
  });
  // After the commit: the rows no longer point at the photos. (A crash in
  // between leaves unreferenced files, never a row without its photo.)
  for (const auto& key : blob_keys) d_.blobs.Delete(key);
  d_.authenticator.ForgetAllSessions();
}

void ProfileService::ListSessions(const CallContext& call, const v1::ListSessionsRequest&,
                                  v1::ListSessionsResponse* resp) {
  d_.pool.Read([&](db::Pool::ReadTx& tx) {
    for (const auto& row : db::Exec(tx, sql::session::list, call.principal.user_id)) {
      auto* s = resp->add_sessions();
      s->set_session_id(row[0].as<std::string>());
      proto::SetMicros(s->mutable_create_time(), row[1].as<std::int64_t>());
      proto::SetMicros(s->mutable_last_use_time(), row[2].as<std::int64_t>());
      proto::SetMicros(s->mutable_expire_time(), row[3].as<std::int64_t>());
      s->set_user_agent(row[4].as<std::string>());
      s->set_client_address(row[5].as<std::string>());
      s->set_current(s->session_id() == call.principal.session_id);
    }
  });
}

void ProfileService::RevokeSession(const CallContext& call, const v1::RevokeSessionRequest& req,
                                   v1::RevokeSessionResponse*) {
  if (!IsUuid(req.session_id())) throw InvalidArgument("session_id", "must be a session id from ListSessions");
  const bool revoked = d_.pool.Transact([&](pqxx::work& tx) {
    auto r = db::Exec(tx, sql::session::revoke, req.session_id(), call.principal.user_id, "revoked_by_user");
    if (!r.empty()) auth::RecordAudit(tx, "session_revoked", call.principal.user_id, call,
                                    {{"session_id", req.session_id()}});
    return !r.empty();
  });
  // Someone else's session id looks exactly like an unknown one.
  if (!revoked) throw NotFound("no such active session");
  d_.authenticator.ForgetSession(req.session_id());
}

}  // namespace stylist::user
