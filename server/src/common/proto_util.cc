#include "common/proto_util.h"

#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "common/api_error.h"
#include "common/text.h"

namespace stylist::proto {
namespace {

// The common prefix of an enum's values: the enum name in UPPER_SNAKE.
std::string Prefix(const google::protobuf::EnumDescriptor* desc) {
  std::string out;
  for (char c : desc->name()) {
    if (std::isupper(static_cast<unsigned char>(c)) && !out.empty()) out.push_back('_');
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out + "_";
}

}  // namespace

std::string EnumToWord(const google::protobuf::EnumDescriptor* desc, int value) {
  if (value == 0) return "";
  const auto* v = desc->FindValueByNumber(value);
  if (!v) return "";
  std::string name = v->name();
  const std::string prefix = Prefix(desc);
  if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
  return text::Lower(std::move(name));
}

int EnumFromWord(const google::protobuf::EnumDescriptor* desc, const std::string& word) {
  if (word.empty()) return 0;
  // Each thread keeps the words of the enums it has read (lower case, as
  // EnumToWord writes them): list reads map several words per row, and
  // building the value's full name for the descriptor's lookup cost more
  // than the rest of the row's text columns.
  thread_local std::unordered_map<const google::protobuf::EnumDescriptor*, std::unordered_map<std::string, int>> words;
  auto [known, added] = words.try_emplace(desc);
  if (added) {
    const std::string prefix = Prefix(desc);
    for (int i = 0; i < desc->value_count(); ++i) {
      const std::string& name = desc->value(i)->name();
      if (name.compare(0, prefix.size(), prefix) == 0) {
        known->second.emplace(text::Lower(name.substr(prefix.size())), desc->value(i)->number());
      }
    }
  }
  auto it = known->second.find(word);
  if (it == known->second.end()) it = known->second.find(text::Lower(word));
  return it == known->second.end() ? 0 : it->second;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) throw std::runtime_error("cannot encode " + message.GetTypeName() + " as JSON");
  return out;
}

void FromJson(const std::string& json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(json, message, options);
  if (!status.ok()) throw std::runtime_error("cannot decode stored " + message->GetTypeName());
}

void SetMicros(google::protobuf::Timestamp* ts, std::int64_t micros) {
  ts->set_seconds(micros / 1000000);
  ts->set_nanos(static_cast<int>((micros % 1000000) * 1000));
}

void SetTime(google::protobuf::Timestamp* ts, std::chrono::system_clock::time_point t) {
  SetMicros(ts, std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

void ApplyUpdateMask(const google::protobuf::Message& update, const google::protobuf::FieldMask& mask,
                     google::protobuf::Message* target) {
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(update, mask, options, target);
}

namespace {

// A path into a value such as a google.type.Money or Date that `update`
// sets names the whole value: a REST PATCH body {"price": {"units": "50",
// "currency_code": "EUR"}} (which the gateway turns into the paths
// "price.units" and "price.currency_code") sets the price; it does not keep
// the stored cents of another one. A path the update leaves unset stays as
// named.
std::string WholeValuePath(const google::protobuf::Message& update, const std::string& path) {
  const auto dot = path.find('.');
  if (dot == std::string::npos) return path;
  const auto* field = update.GetDescriptor()->FindFieldByName(path.substr(0, dot));
  if (!field || field->is_repeated() || field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE ||
      !update.GetReflection()->HasField(update, field)) {
    return path;
  }
  const std::string& type = field->message_type()->full_name();
  const bool value = type.rfind("google.type.", 0) == 0 || type.rfind("google.protobuf.", 0) == 0;
  return value ? path.substr(0, dot) : path;
}

}  // namespace

google::protobuf::FieldMask WritableMask(const google::protobuf::Message& update, const google::protobuf::FieldMask& mask,
                                         const std::set<std::string>& read_only, const std::string& what,
                                         Violations& v) {
  const google::protobuf::Descriptor* desc = update.GetDescriptor();
  // The gateway sends the mask of an empty PATCH body as one empty path.
  const bool missing = std::all_of(mask.paths().begin(), mask.paths().end(), [](const auto& p) { return p.empty(); });
  if (missing) {
    // No mask: the fields the request sets (as REST PATCH bodies and
    // AIP-134 have it). Output-only fields it sets are ignored, as on create.
    std::vector<const google::protobuf::FieldDescriptor*> set;
    update.GetReflection()->ListFields(update, &set);
    google::protobuf::FieldMask implied;
    for (const auto* field : set) {
      if (!read_only.count(field->name())) implied.add_paths(field->name());
    }
    if (implied.paths_size() == 0) {
      v.Add("update_mask", "nothing to update: set the fields to change, or name them here (to clear one, name it)");
    }
    return implied;
  }
  google::protobuf::FieldMask checked;
  std::set<std::string> seen;
  for (const auto& named : mask.paths()) {
    // The etag is a condition, not a field to write; REST PATCH bodies that
    // carry it get it into the derived mask.
    if (named == "etag") continue;
    const std::string top = named.substr(0, named.find('.'));
    if (named.empty()) {
      v.Add("update_mask", "an empty path names no field");
    } else if (read_only.count(top)) {
      v.Add("update_mask", "'" + named + "' is read-only");
    } else if (!google::protobuf::util::FieldMaskUtil::GetFieldDescriptors(desc, named, nullptr)) {
      v.Add("update_mask", "'" + named + "' is not a field of " + what);
    }
    const std::string path = WholeValuePath(update, named);
    if (seen.insert(path).second) checked.add_paths(path);
  }
  if (checked.paths_size() == 0) v.Add("update_mask", "nothing to update: the etag alone changes nothing");
  return checked;
}

}  // namespace stylist::proto
