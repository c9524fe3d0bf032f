// A photo to be stored, through the image gate, with the gate's refusals
// as API errors naming the field the bytes came in: the one place the
// server turns ml's image errors into answers for stored photos.
#pragma once

#include <string>

#include "common/api_error.h"
#include "stylist/v1/common.pb.h"
#include "stylist_ml/common.h"
#include "stylist_ml/image.h"

namespace stylist::media {

// INVALID_ARGUMENT on `field` when the bytes are refused, RESOURCE_EXHAUSTED
// when the decode budget stays full.
ml::NormalizedPhoto NormalizeForStorage(const std::string& bytes, const ml::ImageLimits& limits, const char* field);

// The metadata message of a streamed image upload, before any bytes:
// declared size within max_bytes, file name at most 255 characters.
// `field` is the message's path, e.g. "metadata.image".
void CheckImageMetadata(const v1::ImageUploadMetadata& metadata, std::int64_t max_bytes, const std::string& field,
                        Violations& v);

}  // namespace stylist::media
