// The two streaming photo RPCs on the callback API. Like rpc::Unary, all
// blocking work (authentication, database, image decoding, storage) runs on
// the worker pool; gRPC's threads only move messages.
#pragma once

#include <grpcpp/grpcpp.h>

#include "rpc/runtime.h"
#include "stylist/v1/wardrobe.grpc.pb.h"
#include "wardrobe/photo_service.h"

namespace stylist::rpc {

grpc::ServerReadReactor<v1::UploadItemPhotoRequest>* StartPhotoUpload(Runtime& rt, grpc::CallbackServerContext* ctx,
                                                                      wardrobe::PhotoService& photos,
                                                                      v1::UploadItemPhotoResponse* response);

grpc::ServerWriteReactor<v1::DownloadItemPhotoResponse>* StartPhotoDownload(
    Runtime& rt, grpc::CallbackServerContext* ctx, wardrobe::PhotoService& photos,
    const v1::DownloadItemPhotoRequest* request);

}  // namespace stylist::rpc
