#include "analysis/codec.h"

#include <map>

#include "analysis/skin_rules.h"
#include "common/proto_util.h"

namespace stylist::analysis {
namespace {

constexpr char kDisclaimer[] =
    "Estimated from image measurements (colour, shine, texture, spots), not by a clinician: not medical advice. "
    "See a dermatologist about any skin concern.";

}  // namespace

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

void FillDerived(v1::SkinAnalysis* a, const std::string& skin_type, float confidence, const ConditionProbabilities& p,
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

v1::SkinAnalysis FromStored(const SkinStore::Analysis& stored) {
  v1::SkinAnalysis a;
  a.set_analysis_id(stored.analysis_id);
  FillDerived(&a, stored.skin_type, stored.skin_type_confidence, stored.conditions, stored.score, stored.chapter);
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

}  // namespace stylist::analysis
