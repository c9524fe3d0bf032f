#pragma once
// Registers LegacyService with gRPC. Callers need a service API key or a
// user token (Access::kLegacy; the logic checks whom a user may act for),
// unless the deployment opened the legacy routes (STYLIST_LEGACY_OPEN_ACCESS).

#include "legacy/legacy_service.h"
#include "rpc/chunked_upload.h"
#include "rpc/photo_streams.h"
#include "rpc/arena_messages.h"
#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/legacy.grpc.pb.h"

namespace stylist::rpc {

class LegacyGrpc final : public v1::LegacyService::CallbackService {
 public:
  // `chat_rt` runs AskLegacyQuestion: answers may take as long as the
  // model's timeout, so they run on the chat pool, not the RPC workers.
  LegacyGrpc(Runtime& rt, Runtime& chat_rt, legacy::LegacyService& legacy, const wardrobe::PhotoLimits& limits,
             bool open_access)
      : rt_(rt), chat_rt_(chat_rt), legacy_(legacy), limits_(limits),
        access_(open_access ? Access::kPublic : Access::kLegacy) {
    SetMessageAllocatorFor_ListLegacyImages(&list_images_messages_);
  }

#define STYLIST_RPC(Method) STYLIST_UNARY_RPC(LegacyService, Method, access_, legacy_)
  STYLIST_RPC(MatchLegacyStyles)
  STYLIST_RPC(ListLegacyConversations)
#undef STYLIST_RPC

  // Answered from the batch that read the list (see
  // LegacyService::ListLegacyImages): the worker is free meanwhile.
  grpc::ServerUnaryReactor* ListLegacyImages(grpc::CallbackServerContext* ctx, const v1::ListLegacyImagesRequest* req,
                                             v1::ListLegacyImagesResponse* resp) override {
    return DeferredUnary(rt_, ctx, "/stylist.v1.LegacyService/ListLegacyImages", access_, req, resp,
                         [this](const v1::ListLegacyImagesRequest& q, Reply<v1::ListLegacyImagesResponse> r) {
                           const std::int64_t user_id = q.user_id();
                           legacy_.ListLegacyImages(
                               r.call(), user_id,
                               AnswerFromBatch<const legacy::ImageList>(
                                   r, [user_id](v1::ListLegacyImagesResponse* out, const legacy::ImageList& list) {
                                     legacy::AppendImages(list.images, user_id, out->mutable_images());
                                   }),
                               [r] { return r.Wanted(); });
                         });
  }

  // Answered by the batch writer once the user's row is committed (see
  // LegacyService::CreateLegacyUser): the worker is free meanwhile.
  grpc::ServerUnaryReactor* CreateLegacyUser(grpc::CallbackServerContext* ctx, const v1::CreateLegacyUserRequest* req,
                                             v1::CreateLegacyUserResponse* resp) override {
    return DeferredUnary(rt_, ctx, "/stylist.v1.LegacyService/CreateLegacyUser", access_, req, resp,
                         [this](const v1::CreateLegacyUserRequest& q, Reply<v1::CreateLegacyUserResponse> r) {
                           legacy_.CreateLegacyUser(
                               r.call(), q,
                               AnswerFromBatch<std::optional<v1::LegacyUser>>(
                                   r, [](v1::CreateLegacyUserResponse* out, std::optional<v1::LegacyUser>& created) {
                                     if (!created) throw AlreadyExists("username", "Username already registered");
                                     *out->mutable_user() = std::move(*created);
                                   }),
                               [r] { return r.Wanted(); });
                         });
  }

  grpc::ServerUnaryReactor* AskLegacyQuestion(grpc::CallbackServerContext* ctx, const v1::AskLegacyQuestionRequest* req,
                                              v1::AskLegacyQuestionResponse* resp) override {
    return Unary(chat_rt_, ctx, "/stylist.v1.LegacyService/AskLegacyQuestion", access_, req, resp,
                 [this](const CallContext& c, const v1::AskLegacyQuestionRequest& q, v1::AskLegacyQuestionResponse* r) {
                   legacy_.AskLegacyQuestion(c, q, r);
                 });
  }

  grpc::ServerReadReactor<v1::UploadLegacyImageRequest>* UploadLegacyImage(
      grpc::CallbackServerContext* ctx, v1::UploadLegacyImageResponse* resp) override {
    UploadHandlers<v1::UploadLegacyImageMetadata, v1::UploadLegacyImageResponse> h;
    h.access = access_;
    h.limits = limits_;
    // The original service took PNG and JPEG only (WebP, which the v1
    // upload takes, is refused as before).
    h.formats = {ml::ImageFormat::kPng, ml::ImageFormat::kJpeg};
    h.check = [this](CallContext& call, const v1::UploadLegacyImageMetadata& meta) { legacy_.CheckUpload(call, meta); };
    h.store = [this](const CallContext& call, const v1::UploadLegacyImageMetadata& meta, const std::string& bytes,
                     const std::function<bool()>& cancelled, v1::UploadLegacyImageResponse* r) {
      legacy_.StoreUpload(call, meta, bytes, cancelled, r);
    };
    return StartChunkedUpload<v1::UploadLegacyImageRequest>(rt_, ctx, "/stylist.v1.LegacyService/UploadLegacyImage",
                                                            std::move(h), resp);
  }

  grpc::ServerWriteReactor<v1::DownloadLegacyImageResponse>* DownloadLegacyImage(
      grpc::CallbackServerContext* ctx, const v1::DownloadLegacyImageRequest* req) override {
    return StartLegacyImageDownload(rt_, ctx, legacy_, access_, req);
  }

 private:
  Runtime& rt_;
  Runtime& chat_rt_;
  legacy::LegacyService& legacy_;
  const wardrobe::PhotoLimits limits_;
  const Access access_;
  ArenaMessages<v1::ListLegacyImagesRequest, v1::ListLegacyImagesResponse> list_images_messages_;
};

}  // namespace stylist::rpc
