// The streaming photo RPCs on the callback API (an item's photo up and
// down, a legacy image down). Like rpc::Unary, all
// blocking work (authentication, database, image decoding, storage) runs on
// the worker pool; gRPC's threads only move messages.
#pragma once

#include <grpcpp/grpcpp.h>

#include "legacy/legacy_service.h"
#include "rpc/runtime.h"
#include "stylist/v1/legacy.grpc.pb.h"
#include "stylist/v1/wardrobe.grpc.pb.h"
#include "wardrobe/photo_service.h"

namespace stylist::rpc {

grpc::ServerReadReactor<v1::UploadItemPhotoRequest>* StartPhotoUpload(Runtime& rt, grpc::CallbackServerContext* ctx,
                                                                      wardrobe::PhotoService& photos,
                                                                      v1::UploadItemPhotoResponse* response);

grpc::ServerWriteReactor<v1::DownloadItemPhotoResponse>* StartPhotoDownload(
    Runtime& rt, grpc::CallbackServerContext* ctx, wardrobe::PhotoService& photos,
    const v1::DownloadItemPhotoRequest* request);

// `access`: the legacy routes' (Access::kLegacy, or kPublic where opened).
grpc::ServerWriteReactor<v1::DownloadLegacyImageResponse>* StartLegacyImageDownload(
    Runtime& rt, grpc::CallbackServerContext* ctx, legacy::LegacyService& legacy, Access access,
    const v1::DownloadLegacyImageRequest* request);

}  // namespace stylist::rpc
