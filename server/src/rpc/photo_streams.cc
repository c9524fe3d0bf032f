#include "rpc/photo_streams.h"

#include <atomic>
#include <memory>
#include <mutex>

#include "common/api_error.h"
#include "media/image_format.h"

namespace stylist::rpc {
namespace {

constexpr std::size_t kDownloadChunkBytes = 64 * 1024;
const grpc::Status kBusy(grpc::StatusCode::RESOURCE_EXHAUSTED, "server busy, retry with backoff");

// Client stream: the first message is the metadata, then chunks. Limits are
// checked as bytes arrive: the declared and actual size, the format (from
// the first bytes) and the pixel count (from the header), so an oversized
// or fake upload is refused without reading all of it.
class UploadReactor final : public grpc::ServerReadReactor<v1::UploadItemPhotoRequest> {
 public:
  UploadReactor(Runtime& rt, grpc::CallbackServerContext* ctx, wardrobe::PhotoService& photos,
                v1::UploadItemPhotoResponse* response)
      : rt_(rt), ctx_(ctx), photos_(photos), response_(response), start_(std::chrono::steady_clock::now()),
        call_(MakeCallContext(*ctx, rt, "/stylist.v1.WardrobeService/UploadItemPhoto")) {
    ctx->AddInitialMetadata("x-request-id", call_.request_id);
    auto credentials = std::make_shared<Credentials>(CredentialsFrom(*ctx));
    const bool queued = rt_.workers.TrySubmit([this, credentials] {
      const grpc::Status status = RunGuarded(
          call_, [&] { call_.principal = rt_.authenticator.Authenticate(*credentials, Access::kUser); });
      if (status.ok()) StartRead(&message_);
      else Done(status);
    });
    if (!queued) Done(kBusy);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The client finished sending (or the call was cancelled).
      if (ctx_->IsCancelled()) return Done(grpc::Status(grpc::StatusCode::CANCELLED, "upload cancelled"));
      if (!have_metadata_) return Done(Error(InvalidArgument("metadata", "the first message must carry metadata")));
      const bool queued = rt_.workers.TrySubmit([this] {
        Done(RunGuarded(call_, [&] {
          *response_->mutable_item() =
              photos_.StorePhoto(call_, metadata_, bytes_, [this] { return ctx_->IsCancelled(); });
        }));
      });
      if (!queued) Done(kBusy);
      return;
    }
    if (message_.has_metadata()) {
      if (have_metadata_) return Done(Error(InvalidArgument("metadata", "only the first message carries metadata")));
      have_metadata_ = true;
      metadata_ = message_.metadata();
      // Ownership and limits are checked before any bytes are accepted.
      const bool queued = rt_.workers.TrySubmit([this] {
        const grpc::Status status = RunGuarded(call_, [&] { photos_.CheckUpload(call_, metadata_); });
        if (status.ok()) StartRead(&message_);
        else Done(status);
      });
      if (!queued) Done(kBusy);
      return;
    }
    if (!have_metadata_) return Done(Error(InvalidArgument("metadata", "the first message must carry metadata")));
    const std::string& data = message_.chunk().data();
    const auto& limits = photos_.limits();
    if (static_cast<std::int64_t>(bytes_.size() + data.size()) > limits.max_bytes) {
      return Done(Error(InvalidArgument(
          "chunk", "the photo is larger than the limit of " + std::to_string(limits.max_bytes) + " bytes")));
    }
    bytes_ += data;
    if (format_ == media::ImageFormat::kUnknown && bytes_.size() >= media::kSniffBytes) {
      format_ = media::SniffFormat(bytes_);
      if (format_ == media::ImageFormat::kUnknown) {
        return Done(Error(InvalidArgument("chunk", "not a JPEG, PNG or WebP image")));
      }
    }
    if (format_ != media::ImageFormat::kUnknown && !dimensions_checked_) {
      if (auto dims = media::PeekDimensions(format_, bytes_)) {
        dimensions_checked_ = true;
        if (dims->width <= 0 || dims->height <= 0 || dims->width * dims->height > limits.max_pixels) {
          return Done(Error(InvalidArgument(
              "chunk", "the image is " + std::to_string(dims->width) + "x" + std::to_string(dims->height) +
                           " pixels; at most " + std::to_string(limits.max_pixels) + " pixels are accepted")));
        }
      }
    }
    StartRead(&message_);
  }

  void OnDone() override { delete this; }

 private:
  static grpc::Status Error(const ApiError& e) { return e.ToStatus(); }

  // Finishes once, whichever path gets here first.
  void Done(const grpc::Status& status) {
    if (finished_.exchange(true)) return;
    LogCall(call_, status, start_);
    Finish(status);
  }

  Runtime& rt_;
  grpc::CallbackServerContext* ctx_;
  wardrobe::PhotoService& photos_;
  v1::UploadItemPhotoResponse* response_;
  const std::chrono::steady_clock::time_point start_;
  CallContext call_;
  v1::UploadItemPhotoRequest message_;
  v1::UploadItemPhotoMetadata metadata_;
  bool have_metadata_ = false;
  std::string bytes_;
  media::ImageFormat format_ = media::ImageFormat::kUnknown;
  bool dimensions_checked_ = false;
  std::atomic<bool> finished_{false};
};

// Server stream: the photo's metadata, then its bytes in chunks.
class DownloadReactor final : public grpc::ServerWriteReactor<v1::DownloadItemPhotoResponse> {
 public:
  DownloadReactor(Runtime& rt, grpc::CallbackServerContext* ctx, wardrobe::PhotoService& photos,
                  const v1::DownloadItemPhotoRequest* request)
      : start_(std::chrono::steady_clock::now()),
        call_(MakeCallContext(*ctx, rt, "/stylist.v1.WardrobeService/DownloadItemPhoto")) {
    ctx->AddInitialMetadata("x-request-id", call_.request_id);
    auto credentials = std::make_shared<Credentials>(CredentialsFrom(*ctx));
    const bool queued = rt.workers.TrySubmit([this, &rt, &photos, request, credentials] {
      const grpc::Status status = RunGuarded(call_, [&] {
        call_.principal = rt.authenticator.Authenticate(*credentials, Access::kUser);
        bytes_ = photos.ReadPhoto(call_, *request, message_.mutable_metadata());
      });
      if (!status.ok()) return Done(status);
      StartWrite(&message_);
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
    StartWrite(&message_);
  }

  void OnDone() override { delete this; }

 private:
  void Done(const grpc::Status& status) {
    if (finished_.exchange(true)) return;
    LogCall(call_, status, start_);
    Finish(status);
  }

  const std::chrono::steady_clock::time_point start_;
  CallContext call_;
  v1::DownloadItemPhotoResponse message_;
  std::string bytes_;
  std::size_t offset_ = 0;
  std::atomic<bool> finished_{false};
};

}  // namespace

grpc::ServerReadReactor<v1::UploadItemPhotoRequest>* StartPhotoUpload(Runtime& rt, grpc::CallbackServerContext* ctx,
                                                                      wardrobe::PhotoService& photos,
                                                                      v1::UploadItemPhotoResponse* response) {
  return new UploadReactor(rt, ctx, photos, response);
}

grpc::ServerWriteReactor<v1::DownloadItemPhotoResponse>* StartPhotoDownload(
    Runtime& rt, grpc::CallbackServerContext* ctx, wardrobe::PhotoService& photos,
    const v1::DownloadItemPhotoRequest* request) {
  return new DownloadReactor(rt, ctx, photos, request);
}

}  // namespace stylist::rpc
