#include "analysis/skin_service.h"

#include <google/protobuf/util/time_util.h>

#include <nlohmann/json.hpp>

#include "analysis/codec.h"
#include "analysis/skin_rules.h"
#include "analysis/validation.h"
#include "common/crypto.h"
#include "auth/require_user.h"
#include "common/api_error.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "media/normalize.h"

namespace stylist::analysis {

void SkinService::AnalyzeSkin(const CallContext& call, const v1::AnalyzeSkinRequest& req,
                              v1::AnalyzeSkinResponse* resp) {
  if (!analyzer_) throw Unavailable("skin analysis is turned off on this server (STYLIST_FACE_DETECTOR=none)");
  const bool signed_in = call.principal.kind == Principal::Kind::kUser;
  CheckAnalyzeSkin(req, signed_in);
  d_.quota.Take(call.principal, call.principal.user_id, AiWork::kPhotoAnalysis);
  ml::SkinResult r;
  try {
    r = analyzer_->Analyze(req.image(), limits_);
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
  if (!signed_in) {
    // A service key's analysis belongs to nobody: answered, not stored.
    a->set_analysis_id(crypto::RandomUuid());
    proto::SetTime(a->mutable_create_time(), std::chrono::system_clock::now());
    return;
  }

  const std::string& user = call.principal.user_id;
  bool keep = req.has_keep_photo() && req.keep_photo();
  if (!req.has_keep_photo()) keep = d_.skins.KeepsPhotos(user);
  std::string photo_key;
  if (keep) {
    // Stored as the wardrobe stores photos: re-encoded, metadata (EXIF,
    // GPS) dropped.
    photo_key = storage::NewBlobKey("skin");
    d_.blobs.Put(photo_key, media::NormalizeForStorage(req.image(), limits_, "image").jpeg);
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto issue : r.quality.issues) warnings.push_back(v1::SkinPhotoIssue_Name(IssueOf(issue)));
  try {
    const auto stored = d_.skins.Insert(
        user, {r.skin_type, r.skin_type_confidence, r.conditions, score, chapter, MeasurementsJson(r.measurements).dump(),
               warnings.dump(), photo_key.empty() ? std::optional<std::string>() : std::optional(photo_key),
               analyzer_->version()});
    a->set_analysis_id(stored.analysis_id);
    proto::SetMicros(a->mutable_create_time(), stored.create_micros);
  } catch (...) {
    if (!photo_key.empty()) d_.blobs.Delete(photo_key);  // no row points at it
    throw;
  }
  a->set_photo_kept(!photo_key.empty());
}

void SkinService::GetSkinAnalysis(const CallContext& call, const v1::GetSkinAnalysisRequest& req,
                                  v1::GetSkinAnalysisResponse* resp) {
  RequireUser(call, "skin analyses");
  CheckAnalysisId(req.analysis_id());
  const auto stored = d_.skins.Get(call.principal.user_id, req.analysis_id());
  if (!stored) throw NotFound("no such skin analysis");
  *resp->mutable_analysis() = FromStored(*stored);
}

void SkinService::ListSkinAnalyses(const CallContext& call, const v1::ListSkinAnalysesRequest& req,
                                   v1::ListSkinAnalysesResponse* resp) {
  RequireUser(call, "skin analyses");
  CheckListSkinAnalyses(req);
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
  const auto rows = d_.skins.List(call.principal.user_id, after_micros, after_id,
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
  RequireUser(call, "skin analyses");
  CheckAnalysisId(req.analysis_id());
  const auto photo_key = d_.skins.Delete(call.principal.user_id, req.analysis_id());
  if (!photo_key) throw NotFound("no such skin analysis");
  if (!photo_key->empty()) d_.blobs.Delete(*photo_key);
}

}  // namespace stylist::analysis
