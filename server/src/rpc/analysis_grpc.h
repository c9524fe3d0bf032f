#pragma once
// Registers AnalysisService with gRPC. Analysing an image takes a signed-in
// user or a service API key (Access::kAnalysis); the stored history of skin
// analyses belongs to users only (the logic refuses service keys there).

#include "analysis/clothing_service.h"
#include "analysis/skin_service.h"
#include "rpc/chunked_upload.h"
#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/analysis.grpc.pb.h"

namespace stylist::rpc {

class AnalysisGrpc final : public v1::AnalysisService::CallbackService {
 public:
  AnalysisGrpc(Runtime& rt, analysis::ClothingService& clothing, analysis::SkinService& skin,
               const ml::ImageLimits& limits)
      : rt_(rt), clothing_(clothing), skin_(skin), limits_(limits) {}

  STYLIST_UNARY_RPC(AnalysisService, AnalyzeClothing, Access::kAnalysis, clothing_)
  STYLIST_UNARY_RPC(AnalysisService, AnalyzeSkin, Access::kAnalysis, skin_)
  STYLIST_UNARY_RPC(AnalysisService, GetSkinAnalysis, Access::kAnalysis, skin_)
  STYLIST_UNARY_RPC(AnalysisService, ListSkinAnalyses, Access::kAnalysis, skin_)
  STYLIST_UNARY_RPC(AnalysisService, DeleteSkinAnalysis, Access::kAnalysis, skin_)

  grpc::ServerReadReactor<v1::UploadAndAnalyzeClothingRequest>* UploadAndAnalyzeClothing(
      grpc::CallbackServerContext* ctx, v1::UploadAndAnalyzeClothingResponse* resp) override {
    UploadHandlers<v1::ImageUploadMetadata, v1::UploadAndAnalyzeClothingResponse> h;
    h.access = Access::kAnalysis;
    h.limits = limits_;
    h.check = [this](CallContext& call, const v1::ImageUploadMetadata& meta) { clothing_.CheckUpload(call, meta); };
    h.store = [this](const CallContext&, const v1::ImageUploadMetadata&, const std::string& bytes,
                     const std::function<bool()>&, v1::UploadAndAnalyzeClothingResponse* r) {
      *r->mutable_analysis() = clothing_.AnalyzeBytes(bytes, "chunk");
    };
    return StartChunkedUpload<v1::UploadAndAnalyzeClothingRequest>(
        rt_, ctx, "/stylist.v1.AnalysisService/UploadAndAnalyzeClothing", std::move(h), resp);
  }

 private:
  Runtime& rt_;
  analysis::ClothingService& clothing_;
  analysis::SkinService& skin_;
  const ml::ImageLimits limits_;
};

}  // namespace stylist::rpc
