#include "common/text_input.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <string>

#include "common/api_error.h"

namespace stylist {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Messages nest at most this deep in our contracts (Struct values included);
// deeper is refused rather than walked.
constexpr int kMaxDepth = 32;

std::string Join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

void Check(const Message& message, const std::string& path, int depth) {
  if (depth > kMaxDepth) throw InvalidArgument(path, "nested too deeply");
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // only the fields that are set
  for (const FieldDescriptor* field : fields) {
    const std::string name = Join(path, field->name());
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      const auto refuse = [](const std::string& at) {
        return InvalidArgument(at, "must not contain NUL or other control characters (only newline and tab)");
      };
      if (field->is_repeated()) {
        const int n = reflection->FieldSize(message, field);
        for (int i = 0; i < n; ++i) {
          std::string scratch;
          if (!IsCleanText(reflection->GetRepeatedStringReference(message, field, i, &scratch))) {
            throw refuse(name + "[" + std::to_string(i) + "]");
          }
        }
      } else {
        std::string scratch;
        if (!IsCleanText(reflection->GetStringReference(message, field, &scratch))) throw refuse(name);
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        const int n = reflection->FieldSize(message, field);
        for (int i = 0; i < n; ++i) {
          Check(reflection->GetRepeatedMessage(message, field, i), name + "[" + std::to_string(i) + "]", depth + 1);
        }
      } else {
        Check(reflection->GetMessage(message, field), name, depth + 1);
      }
    }
  }
}

}  // namespace

bool IsCleanText(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\n' && c != '\t') return false;
    if (c == 0x7f) return false;
    // C1 controls, U+0080..U+009F: 0xC2 followed by 0x80..0x9F.
    if (c == 0xc2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return false;
    }
  }
  return true;
}

void RejectControlCharacters(const Message& request, const std::string& prefix) { Check(request, prefix, 0); }

}  // namespace stylist
