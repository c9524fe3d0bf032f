// A client-streamed upload on the callback API: the first message carries
// metadata, the rest carry chunks of one image. Limits are checked as bytes
// arrive: the total size, the format (from the first bytes), and the pixel
// count and decode memory (from the header, read by the image gate), so an
// oversized or fake upload is refused without reading all of it. The gate
// checks again when the whole file is decoded. Authentication, the metadata check and the
// final store run on the worker pool, like every unary call (rpc::Unary).
#pragma once

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/api_error.h"
#include "common/text_input.h"
#include "stylist_ml/image.h"
#include "rpc/runtime.h"

namespace stylist::rpc {

template <typename Meta, typename Resp>
struct UploadHandlers {
  Access access = Access::kUser;
  ml::ImageLimits limits;
  // The formats taken, judged from the first bytes; the refusal lists them.
  std::vector<ml::ImageFormat> formats = {ml::ImageFormat::kJpeg, ml::ImageFormat::kPng, ml::ImageFormat::kWebp};
  // Runs before any image bytes are accepted (ownership, declared size).
  std::function<void(CallContext&, const Meta&)> check;
  // Stores the complete upload; `cancelled` tells whether the client gave up.
  std::function<void(const CallContext&, const Meta&, const std::string&, const std::function<bool()>&, Resp*)>
      store;
};

template <typename Req, typename Meta, typename Resp>
class ChunkedUploadReactor final : public grpc::ServerReadReactor<Req> {
 public:
  ChunkedUploadReactor(Runtime& rt, grpc::CallbackServerContext* ctx, const char* method,
                       UploadHandlers<Meta, Resp> handlers, Resp* response)
      : rt_(rt), ctx_(ctx), handlers_(std::move(handlers)), response_(response),
        start_(std::chrono::steady_clock::now()), call_(MakeCallContext(*ctx, rt, method)) {
    ctx->AddInitialMetadata("x-request-id", call_.request_id);
    auto credentials = std::make_shared<Credentials>(CredentialsFrom(*ctx));
    const bool queued = rt_.workers.TrySubmit([this, credentials] {
      const grpc::Status status = RunGuarded(
          call_, [&] { call_.principal = rt_.authenticator.Authenticate(*credentials, handlers_.access); });
      if (status.ok()) this->StartRead(&message_);
      else Done(status);
    });
    if (!queued) Done(Busy());
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The client finished sending (or the call was cancelled).
      if (ctx_->IsCancelled()) return Done(grpc::Status(grpc::StatusCode::CANCELLED, "upload cancelled"));
      if (!have_metadata_) return Done(InvalidArgument("metadata", "the first message must carry metadata").ToStatus());
      const bool queued = rt_.workers.TrySubmit([this] {
        Done(RunGuarded(call_, [&] {
          handlers_.store(call_, metadata_, bytes_, [this] { return ctx_->IsCancelled(); }, response_);
        }));
      });
      if (!queued) Done(Busy());
      return;
    }
    if (message_.has_metadata()) {
      if (have_metadata_) {
        return Done(InvalidArgument("metadata", "only the first message carries metadata").ToStatus());
      }
      have_metadata_ = true;
      metadata_ = message_.metadata();
      const bool queued = rt_.workers.TrySubmit([this] {
        const grpc::Status status = RunGuarded(call_, [&] {
          RejectControlCharacters(metadata_, "metadata");
          handlers_.check(call_, metadata_);
        });
        if (status.ok()) this->StartRead(&message_);
        else Done(status);
      });
      if (!queued) Done(Busy());
      return;
    }
    if (!have_metadata_) return Done(InvalidArgument("metadata", "the first message must carry metadata").ToStatus());
    const std::string& data = message_.chunk().data();
    if (static_cast<std::int64_t>(bytes_.size() + data.size()) > handlers_.limits.max_bytes) {
      return Done(ImageTooLarge("chunk", handlers_.limits.max_bytes).ToStatus());
    }
    bytes_ += data;
    if (format_ == ml::ImageFormat::kUnknown && bytes_.size() >= ml::kSniffBytes) {
      format_ = ml::SniffFormat(bytes_);
      const auto& taken = handlers_.formats;
      if (std::find(taken.begin(), taken.end(), format_) == taken.end()) {
        std::string names;
        for (std::size_t i = 0; i < taken.size(); ++i) {
          names += (i == 0 ? "" : i + 1 == taken.size() ? " or " : ", ") + std::string(ml::FormatName(taken[i]));
        }
        return Done(InvalidArgument("chunk", "not a " + names + " image").ToStatus());
      }
    }
    // The header is read again only when the bytes have doubled, so a
    // header spread over many small chunks costs linear time, not square.
    if (format_ != ml::ImageFormat::kUnknown && !header_checked_ && bytes_.size() >= next_header_read_) {
      next_header_read_ = bytes_.size() * 2;
      try {
        if (const auto header = ml::ReadImageHeader(bytes_)) {
          header_checked_ = true;
          ml::CheckImageHeader(*header, handlers_.limits);
        }
      } catch (const ml::ImageError& e) {
        return Done(InvalidArgument("chunk", e.what()).ToStatus());
      }
    }
    this->StartRead(&message_);
  }

  void OnDone() override { delete this; }

 private:
  static grpc::Status Busy() {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "server busy, retry with backoff");
  }

  // Finishes once, whichever path gets here first.
  void Done(const grpc::Status& status) {
    if (finished_.exchange(true)) return;
    LogCall(call_, status, start_);
    this->Finish(status);
  }

  Runtime& rt_;
  grpc::CallbackServerContext* ctx_;
  const UploadHandlers<Meta, Resp> handlers_;
  Resp* response_;
  const std::chrono::steady_clock::time_point start_;
  CallContext call_;
  Req message_;
  Meta metadata_;
  bool have_metadata_ = false;
  std::string bytes_;
  ml::ImageFormat format_ = ml::ImageFormat::kUnknown;
  bool header_checked_ = false;
  std::size_t next_header_read_ = 0;
  std::atomic<bool> finished_{false};
};

// Starts the reactor; it deletes itself when the call is done.
template <typename Req, typename Meta, typename Resp>
grpc::ServerReadReactor<Req>* StartChunkedUpload(Runtime& rt, grpc::CallbackServerContext* ctx, const char* method,
                                                 UploadHandlers<Meta, Resp> handlers, Resp* response) {
  return new ChunkedUploadReactor<Req, Meta, Resp>(rt, ctx, method, std::move(handlers), response);
}

}  // namespace stylist::rpc
