#include "analysis/skin_service.h"

#include <google/protobuf/util/time_util.h>

#include <nlohmann/json.hpp>

#include "analysis/skin_rules.h"
#include "analysis/validation.h"
#include "common/crypto.h"
#include "auth/require_user.h"
#include "common/api_error.h"
#include "common/page_token.h"
#include "common/proto_util.h"
#include "media/normalize.h"

namespace stylist::analysis {
namespace {

constexpr char kDisclaimer[] =
    "Estimated from image measurements (colour, shine, texture, spots), not by a clinician: not medical advice. "
    "See a dermatologist about any skin concern.";

v1::SkinPhotoIssue IssueOf(ml::SkinPhotoIssue issue) {
  switch (issue) {
    case ml::SkinPhotoIssue::kNoFace: return v1::SKIN_PHOTO_ISSUE_NO_FACE;
    case ml::SkinPhotoIssue::kMultipleFaces: return v1::SKIN_PHOTO_ISSUE_MULTIPLE_FACES;
    case ml::SkinPhotoIssue::kFaceTooSmall: return v1::SKIN_PHOTO_ISSUE_FACE_TOO_SMALL;
    case ml::SkinPhotoIssue::kTooDark: return v1::SKIN_PHOTO_ISSUE_TOO_DARK;
    case ml::SkinPhotoIssue::kTooBright: return v1::SKIN_PHOTO_ISSUE_TOO_BRIGHT;
    case ml::SkinPhotoIssue::kBlurred: return v1::SKIN_PHOTO_ISSUE_BLURRED;
  }
  return v1::SKIN_PHOTO_ISSUE_UNSPECIFIED;
}

v1::SkinType SkinTypeOf(const std::string& name) {
  static const std::map<std::string, v1::SkinType> kTypes = {
      {"oily", v1::SKIN_TYPE_OILY},           {"dry", v1::SKIN_TYPE_DRY},         {"normal", v1::SKIN_TYPE_NORMAL},
      {"combination", v1::SKIN_TYPE_COMBINATION}, {"wrinkly", v1::SKIN_TYPE_WRINKLY}, {"sensitive", v1::SKIN_TYPE_SENSITIVE}};
  auto it = kTypes.find(name);
  return it == kTypes.end() ? v1::SKIN_TYPE_UNSPECIFIED : it->second;
}

// The parts of an analysis that the rules derive, shared by fresh and
// stored analyses.
void Fill(v1::SkinAnalysis* a, const std::string& skin_type, float confidence, const ConditionProbabilities& p,
          int score, int chapter) {
  a->set_skin_type(SkinTypeOf(skin_type));
  a->set_skin_type_confidence(confidence);
  for (std::size_t i = 0; i < p.size(); ++i) {
    auto* c = a->add_conditions();
    c->set_condition(static_cast<v1::SkinCondition>(i + 1));
    c->set_probability(p[i]);
    c->set_detected(p[i] > kDetectedAbove);
  }
  a->set_skin_score(score);
  a->set_recommended_chapter(chapter);
  a->set_recommended_chapter_title(ChapterTitle(chapter));
  a->set_disclaimer(kDisclaimer);
}

// A stored analysis as the contract shows it.
v1::SkinAnalysis FromStored(const SkinStore::Analysis& stored) {
  v1::SkinAnalysis a;
  a.set_analysis_id(stored.analysis_id);
  Fill(&a, stored.skin_type, stored.skin_type_confidence, stored.conditions, stored.score, stored.chapter);
  a.set_photo_kept(stored.photo_kept);
  a.set_model_version(stored.model_version);
  proto::SetMicros(a.mutable_create_time(), stored.create_micros);
  return a;
}

nlohmann::json MeasurementsJson(const ml::SkinMeasurements& m) {
  return {{"mean_lightness", m.mean_lightness}, {"chroma", m.chroma},
          {"redness", m.redness},               {"red_spots", m.red_spots},
          {"blackhead_density", m.blackhead_density}, {"dark_spot_share", m.dark_spot_share},
          {"shine_share", m.shine_share},       {"tzone_shine_share", m.tzone_shine_share},
          {"cheek_shine_share", m.cheek_shine_share}, {"texture", m.texture},
          {"line_density", m.line_density},     {"tone_spread", m.tone_spread},
          {"sharpness", m.sharpness}};
}

}  // namespace

void SkinService::AnalyzeSkin(const CallContext& call, const v1::AnalyzeSkinRequest& req,
                              v1::AnalyzeSkinResponse* resp) {
  if (!analyzer_) throw Unavailable("skin analysis is turned off on this server (STYLIST_FACE_DETECTOR=none)");
  const bool signed_in = call.principal.kind == Principal::Kind::kUser;
  CheckAnalyzeSkin(req, signed_in);
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
  Fill(a, r.skin_type, r.skin_type_confidence, r.conditions, score, chapter);
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
