// AnalysisService's skin half (Skin Chapters): the quality gate, the
// analysis, the seed's score and chapter rules, and the caller's history.
// Results are stored for signed-in users (the face photo only when they
// ask for it: keep_photo, or the account's keep_skin_photos setting), and
// for the app user a service key names (app_user_id; never the photo).
#pragma once

#include "auth/principal.h"
#include "analysis/deps.h"
#include "analysis/skin_store.h"
#include "stylist/v1/analysis.pb.h"
#include "stylist_ml/skin_analyzer.h"

namespace stylist::analysis {

class SkinService {
 public:
  // `analyzer` may be null: skin analysis is turned off (UNAVAILABLE).
  // Analyses are `deps.skins`' rows; kept face photos are `deps.blobs`'.
  SkinService(Deps deps, const ml::SkinAnalyzer* analyzer, ml::ImageLimits limits)
      : d_(deps), analyzer_(analyzer), limits_(limits) {}

  void AnalyzeSkin(const CallContext& call, const v1::AnalyzeSkinRequest& req, v1::AnalyzeSkinResponse* resp);
  void GetSkinAnalysis(const CallContext& call, const v1::GetSkinAnalysisRequest& req,
                       v1::GetSkinAnalysisResponse* resp);
  void ListSkinAnalyses(const CallContext& call, const v1::ListSkinAnalysesRequest& req,
                        v1::ListSkinAnalysesResponse* resp);
  void DeleteSkinAnalysis(const CallContext& call, const v1::DeleteSkinAnalysisRequest& req,
                          v1::DeleteSkinAnalysisResponse* resp);

 private:
  Deps d_;
  const ml::SkinAnalyzer* analyzer_;
  const ml::ImageLimits limits_;
};

}  // namespace stylist::analysis
