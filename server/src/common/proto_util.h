#pragma once

#include <google/protobuf/field_mask.pb.h>
// Conversions between protobuf values and what we store: enums as short
// lower-case words ("lose_weight"), messages as JSON, times as microseconds.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>

namespace stylist {
class Violations;
}  // namespace stylist

namespace stylist::proto {

// FITNESS_GOAL_LOSE_WEIGHT -> "lose_weight"; the zero value -> "".
std::string EnumToWord(const google::protobuf::EnumDescriptor* desc, int value);
// Inverse of EnumToWord; unknown words give 0 (UNSPECIFIED).
int EnumFromWord(const google::protobuf::EnumDescriptor* desc, const std::string& word);

// JSON with proto field names; throws std::runtime_error on failure.
std::string ToJson(const google::protobuf::Message& message);
// Ignores unknown fields (older rows read by newer code and the reverse).
void FromJson(const std::string& json, google::protobuf::Message* message);

void SetMicros(google::protobuf::Timestamp* ts, std::int64_t micros);
void SetTime(google::protobuf::Timestamp* ts, std::chrono::system_clock::time_point t);

// Copies the fields named by `mask` from `update` into `target` the AIP-134
// way: a named message or list is replaced, not merged into; a named field
// absent from `update` is cleared.
void ApplyUpdateMask(const google::protobuf::Message& update, const google::protobuf::FieldMask& mask,
                     google::protobuf::Message* target);

// The mask an update request writes with: without one (or with the one
// empty path a REST PATCH of an empty body sends), the fields `update` sets
// that are not `read_only` (as REST PATCH bodies and AIP-134 have it);
// with one, its paths, each checked to name a writable field of `what`
// (violations under "update_mask"). An "etag" path is a condition, not a
// field, and is dropped. A path into a google.type or google.protobuf value
// that `update` sets ("price.units") names the whole value ("price").
google::protobuf::FieldMask WritableMask(const google::protobuf::Message& update, const google::protobuf::FieldMask& mask,
                                         const std::set<std::string>& read_only, const std::string& what,
                                         Violations& v);

}  // namespace stylist::proto
