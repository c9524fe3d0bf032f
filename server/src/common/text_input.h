#pragma once
// The one check of the text a client sends: every string field of a request
// message, at any depth, is refused (INVALID_ARGUMENT naming the field, e.g.
// "item.tags[2]") when it holds NUL or another control character other than
// newline and tab. PostgreSQL cannot store NUL in text (a 500 before), and
// control characters are never meaningful in names, notes or messages;
// refusing them everywhere, before any handler, is simpler and safer than a
// rule per field. Bytes fields (photos) are not text and are not read.

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

namespace stylist {

// True when text has no control character other than '\n' and '\t' (C0,
// DEL, and the C1 range U+0080..U+009F as UTF-8).
bool IsCleanText(std::string_view text);

// Throws InvalidArgument(field path, ...) at the first unclean string field;
// prefix names where the message sits in a larger one ("metadata").
void RejectControlCharacters(const google::protobuf::Message& request, const std::string& prefix = "");

}  // namespace stylist
