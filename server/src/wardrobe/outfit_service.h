// Outfits: saved combinations of the caller's items (WardrobeService outfit RPCs).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "stylist/v1/wardrobe.pb.h"
#include "wardrobe/deps.h"

namespace stylist::wardrobe {

class OutfitService {
 public:
  explicit OutfitService(Deps deps) : d_(deps) {}

  void CreateOutfit(const CallContext& call, const v1::CreateOutfitRequest& req, v1::CreateOutfitResponse* resp);
  void GetOutfit(const CallContext& call, const v1::GetOutfitRequest& req, v1::GetOutfitResponse* resp);
  void ListOutfits(const CallContext& call, const v1::ListOutfitsRequest& req, v1::ListOutfitsResponse* resp);
  void UpdateOutfit(const CallContext& call, const v1::UpdateOutfitRequest& req, v1::UpdateOutfitResponse* resp);
  void DeleteOutfit(const CallContext& call, const v1::DeleteOutfitRequest& req, v1::DeleteOutfitResponse* resp);
  void WearOutfit(const CallContext& call, const v1::WearOutfitRequest& req, v1::WearOutfitResponse* resp);
  // Outfits proposed from the caller's items by the styling rules
  // (styling/outfits.h) for an occasion, season, weather and formality.
  void SuggestOutfits(const CallContext& call, const v1::SuggestOutfitsRequest& req,
                      v1::SuggestOutfitsResponse* resp);
  // Everyday outfits from the caller's items, pieces not worn lately
  // first, or what to buy for the gaps of their wardrobe
  // (styling/gaps.h).
  void Recommend(const CallContext& call, const v1::RecommendRequest& req, v1::RecommendResponse* resp);
  // The caller's Style DNA (wardrobe/style_dna.h), computed now and stored
  // as the next version, or as stored.
  void CalculateStyleDna(const CallContext& call, const v1::CalculateStyleDnaRequest& req,
                         v1::CalculateStyleDnaResponse* resp);
  void GetStyleDna(const CallContext& call, const v1::GetStyleDnaRequest& req, v1::GetStyleDnaResponse* resp);
  // The analysis queue's Style DNA job (AnalysisQueue::StyleDnaRefresh):
  // recomputes the user's profile once it has been stale for `settle`;
  // nullopt when done, else how much longer it must settle.
  std::optional<std::chrono::milliseconds> RefreshStyleDna(const std::string& user_id,
                                                           std::chrono::milliseconds settle);

 private:
  Deps d_;
};

// Changes since a sync cursor (WardrobeService.ListChanges).
class SyncService {
 public:
  explicit SyncService(Deps deps) : d_(deps) {}

  void ListChanges(const CallContext& call, const v1::ListChangesRequest& req, v1::ListChangesResponse* resp);

 private:
  Deps d_;
};

}  // namespace stylist::wardrobe
