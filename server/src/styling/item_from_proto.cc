#include "styling/item_from_proto.h"

#include "common/dates.h"
#include "common/proto_util.h"

namespace stylist::styling {
namespace {

std::string EnumWord(const google::protobuf::EnumDescriptor* d, int v) { return proto::EnumToWord(d, v); }

}  // namespace

Item ItemFromProto(const v1::ClothingItem& i) {
  Item w;
  w.id = i.item_id();
  w.name = i.name();
  w.category = EnumWord(v1::ClothingCategory_descriptor(), i.category());
  const auto& a = i.analysis();
  if (w.category.empty()) w.category = EnumWord(v1::ClothingCategory_descriptor(), a.category().category());
  w.type = !i.subcategory().empty() ? i.subcategory() : a.type().label();
  w.primary_color = !i.primary_color().empty() ? i.primary_color() : a.primary_color().name();
  w.secondary_color = !i.secondary_color().empty() ? i.secondary_color() : a.secondary_color().name();
  w.pattern = EnumWord(v1::ClothingPattern_descriptor(), i.pattern());
  if (w.pattern.empty()) w.pattern = EnumWord(v1::ClothingPattern_descriptor(), a.pattern().pattern());
  w.formality = EnumWord(v1::Formality_descriptor(), i.formality());
  w.material = i.material();
  for (const int s : i.seasons()) w.seasons.push_back(EnumWord(v1::Season_descriptor(), s));
  w.occasions.assign(i.occasions().begin(), i.occasions().end());
  w.style = a.style().label();
  w.favorite = i.favorite();
  w.wear_count = i.wear_count();
  if (IsSet(i.last_worn_date())) w.last_worn_day = DaysFromCivil(i.last_worn_date());
  return w;
}

}  // namespace stylist::styling
