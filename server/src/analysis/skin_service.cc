#include "analysis/skin_service.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "analysis/codec.h"
#include "analysis/skin_rules.h"
#include "analysis/validation.h"
#include "common/crypto.h"
#include "common/ids.h"
#include "common/api_error.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "media/normalize.h"
#include "metrics/metrics.h"

namespace stylist::analysis {
namespace {

constexpr std::size_t kMaxAppUserIdBytes = 128;

// Whose analyses a call reads or writes: a signed-in user's own, or those a
// service key stored for the person its app names in app_user_id. nullopt
// for a key that names nobody (AnalyzeSkin then answers without storing).
std::optional<SkinStore::Owner> OwnerOf(const CallContext& call, const std::string& app_user_id) {
  const Principal& p = call.principal;
  if (p.kind == Principal::Kind::kUser) {
    if (!app_user_id.empty()) {
      throw InvalidArgument("app_user_id", "is for service API keys; a signed-in user's analyses are their own");
    }
    return SkinStore::Owner::User(p.user_id);
  }
  if (app_user_id.empty()) return std::nullopt;
  if (app_user_id.size() > kMaxAppUserIdBytes) {
    throw InvalidArgument("app_user_id", "must be at most " + std::to_string(kMaxAppUserIdBytes) + " bytes");
  }
  if (app_user_id.find_first_of("\n\t") != std::string::npos) {
    throw InvalidArgument("app_user_id", "must be one line without tabs");
  }
  if (!IsUuid(p.api_key_id)) {
    // The bootstrap key from the environment has no row to own analyses.
    throw FailedPrecondition(
        "analyses for an app's users are kept under a stored API key; create one with the analysis scope "
        "(the bootstrap key cannot own them)");
  }
  return SkinStore::Owner::AppUser(p.api_key_id, app_user_id);
}

// OwnerOf for the history calls, where a key must name the app's user.
SkinStore::Owner HistoryOwnerOf(const CallContext& call, const std::string& app_user_id) {
  auto owner = OwnerOf(call, app_user_id);
  if (!owner) {
    throw InvalidArgument("app_user_id", "required with a service API key: the app's id of the person whose analyses these are");
  }
  return *owner;
}

}  // namespace

void SkinService::AnalyzeSkin(const CallContext& call, const v1::AnalyzeSkinRequest& req,
                              v1::AnalyzeSkinResponse* resp) {
  if (!analyzer_) throw Unavailable("skin analysis is turned off on this server (STYLIST_FACE_DETECTOR=none)");
  const bool signed_in = call.principal.kind == Principal::Kind::kUser;
  CheckAnalyzeSkin(req, signed_in);
  if (req.has_keep_photo() && req.keep_photo() && !d_.face_photos) {
    throw FailedPrecondition("this server keeps no face photos: it has no key to encrypt them "
                             "(STYLIST_FACE_PHOTO_KEYS_FILE); send keep_photo false");
  }
  const auto owner = OwnerOf(call, req.app_user_id());
  // An app's user has a budget of their own, as a signed-in user has.
  const std::string budget_of =
      !owner ? std::string() : signed_in ? owner->user_id : "key:" + owner->api_key_id + ":" + owner->app_user_id;
  d_.quota.Take(call.principal, budget_of, AiWork::kPhotoAnalysis);
  ml::SkinResult r;
  try {
    // One photo a pass: the detector and measures do not batch.
    const auto started = std::chrono::steady_clock::now();
    r = analyzer_->Analyze(req.image(), limits_);
    metrics::ObserveInferenceBatch("skin", 1, std::chrono::steady_clock::now() - started);
  } catch (const ml::ImageError& e) {
    throw InvalidArgument("image", e.what());
  } catch (const ml::BusyError& e) {
    throw ResourceExhausted(std::string("skin analysis is busy, retry with backoff: ") + e.what(), "INFERENCE_BUSY");
  }
  auto* q = resp->mutable_quality();
  q->set_passed(r.quality.passed);
  for (const auto issue : r.quality.issues) q->add_issues(IssueOf(issue));
  q->set_hint(r.quality.hint);
  if (!r.quality.passed) return;

  const int score = SkinScore(r.conditions);
  const int chapter = RecommendedChapter(r.skin_type, r.conditions, score);
  auto* a = resp->mutable_analysis();
  FillDerived(a, r.skin_type, r.skin_type_confidence, r.conditions, score, chapter);
  a->set_model_version(analyzer_->version());
  if (!owner) {
    // A service key's analysis for nobody named: answered, not stored.
    a->set_analysis_id(crypto::RandomUuid());
    proto::SetTime(a->mutable_create_time(), std::chrono::system_clock::now());
    return;
  }

  // Face photos are kept only for signed-in users who ask (CheckAnalyzeSkin
  // refuses keep_photo with a key).
  bool keep = signed_in && req.has_keep_photo() && req.keep_photo();
  if (signed_in && !req.has_keep_photo()) keep = d_.skins.KeepsPhotos(owner->user_id);
  // Never kept unencrypted: by the account's setting, answered with
  // photo_kept false (asked for in the call: refused above).
  keep = keep && d_.face_photos != nullptr;
  std::string photo_key;
  if (keep) {
    // Stored as the wardrobe stores photos: re-encoded, metadata (EXIF,
    // GPS) dropped; then sealed.
    photo_key = storage::NewBlobKey("skin");
    d_.face_photos->Put(photo_key, media::NormalizeForStorage(req.image(), limits_, "image").jpeg);
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto issue : r.quality.issues) warnings.push_back(v1::SkinPhotoIssue_Name(IssueOf(issue)));
  try {
    const auto stored = d_.skins.Insert(
        *owner, {r.skin_type, r.skin_type_confidence, r.conditions, score, chapter, MeasurementsJson(r.measurements).dump(),
               warnings.dump(), photo_key.empty() ? std::optional<std::string>() : std::optional(photo_key),
               analyzer_->version()});
    a->set_analysis_id(stored.analysis_id);
    proto::SetMicros(a->mutable_create_time(), stored.create_micros);
  } catch (...) {
    if (!photo_key.empty()) d_.face_photos->Delete(photo_key);  // no row points at it
    throw;
  }
  a->set_photo_kept(!photo_key.empty());
}

void SkinService::GetSkinAnalysis(const CallContext& call, const v1::GetSkinAnalysisRequest& req,
                                  v1::GetSkinAnalysisResponse* resp) {
  CheckAnalysisId(req.analysis_id());
  const auto stored = d_.skins.Get(HistoryOwnerOf(call, req.app_user_id()), req.analysis_id());
  if (!stored) throw NotFound("no such skin analysis");
  *resp->mutable_analysis() = FromStored(*stored);
}

void SkinService::ListSkinAnalyses(const CallContext& call, const v1::ListSkinAnalysesRequest& req,
                                   v1::ListSkinAnalysesResponse* resp) {
  CheckListSkinAnalyses(req);
  const auto owner = HistoryOwnerOf(call, req.app_user_id());
  const bool has_start = req.has_start_time(), has_end = req.has_end_time();
  const std::int64_t start = has_start ? google::protobuf::util::TimeUtil::TimestampToMicroseconds(req.start_time()) : 0;
  const std::int64_t end = has_end ? google::protobuf::util::TimeUtil::TimestampToMicroseconds(req.end_time()) : 0;
  const int size = PageSize(req.page_size(), 20, 100);
  // The token is bound to the time range, so a token from another range is refused.
  const std::string list = "skin:" + std::to_string(start) + ":" + std::to_string(end);
  std::optional<std::int64_t> after_micros;
  std::optional<std::string> after_id;
  if (const auto after = DecodeTimeIdToken(list, req.page_token())) {
    after_micros = after->micros;
    after_id = after->id;
  }
  const auto rows = d_.skins.List(owner, after_micros, after_id,
                                has_start ? std::optional(start) : std::nullopt,
                                has_end ? std::optional(end) : std::nullopt, size + 1);
  for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
    *resp->add_analyses() = FromStored(rows[static_cast<std::size_t>(i)]);
  }
  if (static_cast<int>(rows.size()) > size) {
    const auto& last = rows[static_cast<std::size_t>(size - 1)];
    resp->set_next_page_token(EncodeTimeIdToken(list, last.create_micros, last.analysis_id));
  }
}

void SkinService::DeleteSkinAnalysis(const CallContext& call, const v1::DeleteSkinAnalysisRequest& req,
                                     v1::DeleteSkinAnalysisResponse*) {
  CheckAnalysisId(req.analysis_id());
  const auto photo_key = d_.skins.Delete(HistoryOwnerOf(call, req.app_user_id()), req.analysis_id());
  if (!photo_key) throw NotFound("no such skin analysis");
  if (!photo_key->empty()) d_.blobs.Delete(*photo_key);  // sealed or not, the same file
}

}  // namespace stylist::analysis
