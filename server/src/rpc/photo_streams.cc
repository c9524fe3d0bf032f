#include "rpc/photo_streams.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "rpc/chunked_upload.h"

namespace stylist::rpc {
namespace {

constexpr std::size_t kDownloadChunkBytes = 64 * 1024;
const grpc::Status kBusy(grpc::StatusCode::RESOURCE_EXHAUSTED, "server busy, retry with backoff");

// Server stream: a photo's description, then its bytes in chunks.
// Response is a message with that oneof (metadata, chunk): an item's photo
// or a legacy image. `read` authenticates nothing: the caller's principal
// is set before it runs.
template <class Response>
class DownloadReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  using Read = std::function<std::string(const CallContext&, v1::PhotoInfo*)>;

  DownloadReactor(Runtime& rt, grpc::CallbackServerContext* ctx, const char* method, Access access, Read read)
      : start_(std::chrono::steady_clock::now()), call_(MakeCallContext(*ctx, rt, method)) {
    ctx->AddInitialMetadata("x-request-id", call_.request_id);
    auto credentials = std::make_shared<Credentials>(CredentialsFrom(*ctx));
    const bool queued = rt.workers.TrySubmit([this, &rt, access, read = std::move(read), credentials] {
      const grpc::Status status = RunGuarded(call_, [&] {
        call_.principal = rt.authenticator.Authenticate(*credentials, access);
        bytes_ = read(call_, message_.mutable_metadata());
      });
      if (!status.ok()) return Done(status);
      this->StartWrite(&message_);
    });
    if (!queued) Done(kBusy);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return Done(grpc::Status(grpc::StatusCode::CANCELLED, "download cancelled"));
    if (offset_ >= bytes_.size()) return Done(grpc::Status::OK);
    const std::size_t n = std::min(kDownloadChunkBytes, bytes_.size() - offset_);
    message_.Clear();
    message_.mutable_chunk()->set_data(bytes_.substr(offset_, n));
    offset_ += n;
    this->StartWrite(&message_);
  }

  void OnDone() override { delete this; }

 private:
  void Done(const grpc::Status& status) {
    if (finished_.exchange(true)) return;
    LogCall(call_, status, start_);
    this->Finish(status);
  }

  const std::chrono::steady_clock::time_point start_;
  CallContext call_;
  Response message_;
  std::string bytes_;
  std::size_t offset_ = 0;
  std::atomic<bool> finished_{false};
};

}  // namespace

grpc::ServerReadReactor<v1::UploadItemPhotoRequest>* StartPhotoUpload(Runtime& rt, grpc::CallbackServerContext* ctx,
                                                                      wardrobe::PhotoService& photos,
                                                                      v1::UploadItemPhotoResponse* response) {
  UploadHandlers<v1::UploadItemPhotoMetadata, v1::UploadItemPhotoResponse> h;
  h.access = Access::kUser;
  h.limits = photos.limits();
  h.check = [&photos](CallContext& call, const v1::UploadItemPhotoMetadata& meta) { photos.CheckUpload(call, meta); };
  h.store = [&photos](const CallContext& call, const v1::UploadItemPhotoMetadata& meta, const std::string& bytes,
                      const std::function<bool()>& cancelled, v1::UploadItemPhotoResponse* resp) {
    *resp->mutable_item() = photos.StorePhoto(call, meta, bytes, cancelled);
  };
  return StartChunkedUpload<v1::UploadItemPhotoRequest>(rt, ctx, "/stylist.v1.WardrobeService/UploadItemPhoto",
                                                        std::move(h), response);
}

grpc::ServerWriteReactor<v1::DownloadItemPhotoResponse>* StartPhotoDownload(
    Runtime& rt, grpc::CallbackServerContext* ctx, wardrobe::PhotoService& photos,
    const v1::DownloadItemPhotoRequest* request) {
  return new DownloadReactor<v1::DownloadItemPhotoResponse>(
      rt, ctx, "/stylist.v1.WardrobeService/DownloadItemPhoto", Access::kUser,
      [&photos, request](const CallContext& call, v1::PhotoInfo* info) { return photos.ReadPhoto(call, *request, info); });
}

grpc::ServerWriteReactor<v1::DownloadLegacyImageResponse>* StartLegacyImageDownload(
    Runtime& rt, grpc::CallbackServerContext* ctx, legacy::LegacyService& legacy, Access access,
    const v1::DownloadLegacyImageRequest* request) {
  return new DownloadReactor<v1::DownloadLegacyImageResponse>(
      rt, ctx, "/stylist.v1.LegacyService/DownloadLegacyImage", access,
      [&legacy, request](const CallContext& call, v1::PhotoInfo* info) { return legacy.ReadImage(call, *request, info); });
}

}  // namespace stylist::rpc
