#include "wardrobe/item_import.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/api_error.h"
#include "wardrobe/validation.h"

namespace stylist::wardrobe {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr std::size_t kMaxUrlBytes = 2048;

const Value* Field(const Struct& record, const std::string& name) {
  const auto it = record.fields().find(name);
  if (it == record.fields().end() || it->second.kind_case() == Value::kNullValue) return nullptr;
  return &it->second;
}

// A text column: absent or null gives "", a string itself, anything else a
// violation.
std::string Text(const Struct& record, const std::string& name, Violations& v) {
  const Value* value = Field(record, name);
  if (!value) return "";
  if (value->kind_case() != Value::kStringValue) {
    v.Add("record." + name, "must be a string");
    return "";
  }
  return value->string_value();
}

// The row's id: a uuid or text key, or an integer key (bigint identity).
std::string RecordId(const Struct& record, Violations& v) {
  const Value* id = Field(record, "id");
  if (!id) {
    v.Add("record.id", "required: the row's id");
    return "";
  }
  if (id->kind_case() == Value::kNumberValue) {
    const double n = id->number_value();
    if (n < 0 || n > 9007199254740991.0 || std::floor(n) != n) {
      v.Add("record.id", "must be a whole number or a string");
      return "";
    }
    return std::to_string(static_cast<long long>(n));
  }
  if (id->kind_case() != Value::kStringValue || id->string_value().empty() || id->string_value().size() > 128) {
    v.Add("record.id", "must be a string of 1 to 128 characters or a whole number");
    return "";
  }
  return id->string_value();
}

// The app's category word, as our category when it names one ("tops",
// "Shoes", "outerwear"); unspecified otherwise, for the analysis to fill.
v1::ClothingCategory CategoryOf(std::string word) {
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::toupper(c); });
  v1::ClothingCategory category = v1::CLOTHING_CATEGORY_UNSPECIFIED;
  if (word.empty() || word.size() > 40) return category;
  if (v1::ClothingCategory_Parse("CLOTHING_CATEGORY_" + word, &category)) return category;
  if (word.back() == 'S' && v1::ClothingCategory_Parse("CLOTHING_CATEGORY_" + word.substr(0, word.size() - 1), &category)) {
    return category;
  }
  return v1::CLOTHING_CATEGORY_UNSPECIFIED;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-escapes that a server could decode into a path of its own
// choosing: malformed ones, and those of '.', '/', '\\', '%' or a control
// character. (Spaces and other characters escaped in file names are fine.)
bool HasDangerousEscape(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 2 >= text.size() || HexDigit(text[i + 1]) < 0 || HexDigit(text[i + 2]) < 0) return true;
    const int c = HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]);
    if (c < 0x20 || c == 0x7f || c == '.' || c == '/' || c == '\\' || c == '%') return true;
  }
  return false;
}

// The canonical text of a UUID, as PostgreSQL writes Supabase's user ids
// (lower case: the same user in upper case would be another subject).
bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : (HexDigit(s[i]) < 0 || (s[i] >= 'A' && s[i] <= 'F'))) return false;
  }
  return true;
}

}  // namespace

bool IsProjectStorageUrl(const std::string& url, const std::string& project_url) {
  if (project_url.empty() || url.size() > kMaxUrlBytes) return false;
  const std::string prefix = project_url + "/storage/v1/object/";
  if (url.size() <= prefix.size() || url.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string rest = url.substr(prefix.size());
  for (const unsigned char c : rest) {
    if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '@' || c == '#') return false;
  }
  if (HasDangerousEscape(rest)) return false;
  // Dot segments: "/../", "/./", at the start or at the end of the path.
  const std::string path = "/" + rest.substr(0, rest.find('?')) + "/";
  return path.find("/../") == std::string::npos && path.find("/./") == std::string::npos &&
         path.find("//") == std::string::npos;
}

EventDecision DecideEvent(const v1::HandleDatabaseEventRequest& event, const ItemImportOptions& options) {
  Violations v;
  if (event.type() != "INSERT" && event.type() != "UPDATE" && event.type() != "DELETE") {
    v.Add("type", "must be INSERT, UPDATE or DELETE");
  }
  if (event.table().empty() || event.table().size() > 63) v.Add("table", "required: the table's name");
  if (event.schema().empty() || event.schema().size() > 63) v.Add("schema", "required: the table's schema");
  v.ThrowIfAny();

  EventDecision decision;
  if (event.schema() != kItemsSchema || event.table() != kItemsTable) {
    decision.ignored_because = "events of " + event.schema() + "." + event.table() + " are not imported";
    return decision;
  }
  if (event.type() != "INSERT") {
    decision.ignored_because = "only new clothing items are imported; " + event.type() + " events change nothing here";
    return decision;
  }
  if (!event.has_record()) throw InvalidArgument("record", "required: the new row");
  const Struct& record = event.record();

  ItemRecord item;
  item.record_id = RecordId(record, v);
  if (const Value* user = Field(record, "user_id"); !user) {
    v.Add("record.user_id", "required: the owner's user id");
  } else if (user->kind_case() != Value::kStringValue || !IsUuid(user->string_value())) {
    v.Add("record.user_id", "must be the owner's Supabase user id, a UUID");
  } else {
    item.subject = user->string_value();
  }
  item.image_url = Text(record, "image_url", v);
  if (!item.image_url.empty() && !IsProjectStorageUrl(item.image_url, options.project_url)) {
    v.Add("record.image_url", "must be an object of this project's storage: " + options.project_url +
                                  "/storage/v1/object/...");
  }
  v1::ClothingItem& out = item.item;
  out.set_name(Text(record, "name", v));
  out.set_notes(Text(record, "description", v));
  out.set_brand(Text(record, "brand", v));
  out.set_primary_color(Text(record, "color", v));
  out.set_category(CategoryOf(Text(record, "category", v)));
  v.ThrowIfAny();

  // The item's own checks, named by the record's columns.
  NormalizeItem(out);
  Violations item_checks;
  CheckItem(out, item_checks);
  for (const auto& violation : item_checks.items()) {
    std::string field = violation.field;
    if (field == "item.notes") field = "item.description";
    if (field == "item.primary_color") field = "item.color";
    v.Add("record." + field.substr(field.find('.') + 1), violation.description);
  }
  v.ThrowIfAny();

  if (item.image_url.empty()) {
    decision.ignored_because = "the item has no image to analyse";
    return decision;
  }
  decision.import = std::move(item);
  return decision;
}

}  // namespace stylist::wardrobe
