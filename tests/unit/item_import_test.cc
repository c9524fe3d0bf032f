// The database webhook's rules: which events import an item, what an
// items row must hold, and which photo URLs are the project's storage.
#include <gtest/gtest.h>

#include "common/api_error.h"
#include "wardrobe/item_import.h"

namespace stylist::wardrobe {
namespace {

constexpr char kProject[] = "https://abcd.supabase.co";

ItemImportOptions Options() {
  ItemImportOptions o;
  o.project_url = kProject;
  o.issuer = std::string(kProject) + "/auth/v1";
  return o;
}

v1::HandleDatabaseEventRequest Insert() {
  v1::HandleDatabaseEventRequest event;
  event.set_type("INSERT");
  event.set_schema("public");
  event.set_table("clothing_items");
  auto& f = *event.mutable_record()->mutable_fields();
  f["id"].set_string_value("6f1c2b9e-5d3a-4e7f-8b21-9c0d4a6e3f15");
  f["user_id"].set_string_value("8d0fd2b3-9ca7-4e53-9c2b-4f1e2d3c4b5a");
  f["image_url"].set_string_value(std::string(kProject) + "/storage/v1/object/public/wardrobe/u/coat.jpg");
  f["name"].set_string_value("  Camel trench coat ");
  f["category"].set_string_value("Outerwear");
  f["color"].set_string_value("Camel");
  f["description"].set_string_value("Belted, knee length.");
  f["ai_tags"].mutable_struct_value();  // columns the import does not read are ignored
  return event;
}

// The fields an event's INVALID_ARGUMENT names.
std::vector<std::string> Refused(const v1::HandleDatabaseEventRequest& event) {
  try {
    DecideEvent(event, Options());
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), grpc::StatusCode::INVALID_ARGUMENT) << e.what();
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) fields.push_back(v.field);
    return fields;
  }
  ADD_FAILURE() << "accepted: " << event.DebugString();
  return {};
}

TEST(ItemImportRulesTest, AnItemsInsertWithAnImageIsImportedWithItsFields) {
  const EventDecision d = DecideEvent(Insert(), Options());
  ASSERT_TRUE(d.import);
  EXPECT_EQ(d.import->record_id, "6f1c2b9e-5d3a-4e7f-8b21-9c0d4a6e3f15");
  EXPECT_EQ(d.import->subject, "8d0fd2b3-9ca7-4e53-9c2b-4f1e2d3c4b5a");
  EXPECT_EQ(d.import->item.name(), "Camel trench coat");
  EXPECT_EQ(d.import->item.category(), v1::CLOTHING_CATEGORY_OUTERWEAR);
  EXPECT_EQ(d.import->item.primary_color(), "camel");
  EXPECT_EQ(d.import->item.notes(), "Belted, knee length.");

  // Integer keys, plural and unknown category words.
  auto event = Insert();
  auto& f = *event.mutable_record()->mutable_fields();
  f["id"].set_number_value(12345);
  f["category"].set_string_value("shoes");
  EXPECT_EQ(DecideEvent(event, Options()).import->record_id, "12345");
  EXPECT_EQ(DecideEvent(event, Options()).import->item.category(), v1::CLOTHING_CATEGORY_SHOES);
  f["category"].set_string_value("tops");
  EXPECT_EQ(DecideEvent(event, Options()).import->item.category(), v1::CLOTHING_CATEGORY_TOP);
  f["category"].set_string_value("capes and cloaks");
  EXPECT_EQ(DecideEvent(event, Options()).import->item.category(), v1::CLOTHING_CATEGORY_UNSPECIFIED);
}

TEST(ItemImportRulesTest, OtherEventsAreIgnoredWithAReason) {
  auto other = Insert();
  other.set_table("profiles");
  auto other_schema = Insert();
  other_schema.set_schema("storage");
  auto update = Insert();
  update.set_type("UPDATE");
  auto del = Insert();
  del.set_type("DELETE");
  del.clear_record();
  auto no_image = Insert();
  no_image.mutable_record()->mutable_fields()->erase("image_url");
  auto null_image = Insert();
  (*null_image.mutable_record()->mutable_fields())["image_url"].set_null_value({});
  for (const auto& event : {other, other_schema, update, del, no_image, null_image}) {
    const EventDecision d = DecideEvent(event, Options());
    EXPECT_FALSE(d.import) << event.DebugString();
    EXPECT_FALSE(d.ignored_because.empty());
  }
}

TEST(ItemImportRulesTest, EachBadPartOfAnEventIsNamed) {
  auto type = Insert();
  type.set_type("insert");
  EXPECT_EQ(Refused(type), std::vector<std::string>{"type"});
  auto table = Insert();
  table.clear_table();
  table.clear_schema();
  EXPECT_EQ(Refused(table), (std::vector<std::string>{"table", "schema"}));
  auto no_record = Insert();
  no_record.clear_record();
  EXPECT_EQ(Refused(no_record), std::vector<std::string>{"record"});

  const auto with = [](const std::string& field, google::protobuf::Value value) {
    auto event = Insert();
    if (value.kind_case() == google::protobuf::Value::KIND_NOT_SET) {
      event.mutable_record()->mutable_fields()->erase(field);
    } else {
      (*event.mutable_record()->mutable_fields())[field] = value;
    }
    return event;
  };
  google::protobuf::Value absent, number, fraction, text, empty, list;
  number.set_number_value(7);
  fraction.set_number_value(1.5);
  text.set_string_value(std::string(129, 'x'));
  empty.set_string_value("");
  list.mutable_list_value();
  EXPECT_EQ(Refused(with("id", absent)), std::vector<std::string>{"record.id"});
  EXPECT_EQ(Refused(with("id", fraction)), std::vector<std::string>{"record.id"});
  EXPECT_EQ(Refused(with("id", text)), std::vector<std::string>{"record.id"});
  EXPECT_EQ(Refused(with("id", list)), std::vector<std::string>{"record.id"});
  EXPECT_EQ(Refused(with("user_id", absent)), std::vector<std::string>{"record.user_id"});
  EXPECT_EQ(Refused(with("user_id", number)), std::vector<std::string>{"record.user_id"});
  EXPECT_EQ(Refused(with("user_id", empty)), std::vector<std::string>{"record.user_id"});
  google::protobuf::Value upper, not_uuid;
  upper.set_string_value("8D0FD2B3-9CA7-4E53-9C2B-4F1E2D3C4B5A");
  not_uuid.set_string_value("8d0fd2b39ca74e539c2b4f1e2d3c4b5a");
  EXPECT_EQ(Refused(with("user_id", upper)), std::vector<std::string>{"record.user_id"});
  EXPECT_EQ(Refused(with("user_id", not_uuid)), std::vector<std::string>{"record.user_id"});
  EXPECT_EQ(Refused(with("image_url", number)), std::vector<std::string>{"record.image_url"});
  EXPECT_EQ(Refused(with("name", number)), std::vector<std::string>{"record.name"});
  google::protobuf::Value long_name, long_description, control;
  long_name.set_string_value(std::string(201, 'n'));
  long_description.set_string_value(std::string(2001, 'd'));
  control.set_string_value("Acme\x01");
  EXPECT_EQ(Refused(with("name", long_name)), std::vector<std::string>{"record.name"});
  EXPECT_EQ(Refused(with("description", long_description)), std::vector<std::string>{"record.description"});
  EXPECT_EQ(Refused(with("brand", control)), std::vector<std::string>{"record.brand"});
}

TEST(ItemImportRulesTest, OnlyObjectsOfTheProjectsStorageAreFetched) {
  const std::string base = std::string(kProject) + "/storage/v1/object/";
  for (const std::string& url : std::initializer_list<std::string>{base + "public/wardrobe/u/coat.jpg", base + "sign/wardrobe/u/coat.jpg?token=eyJ.a-b_c",
                                base + "public/wardrobe/u/a%20coat.jpg", base + "public/w/..coat.jpg"}) {
    EXPECT_TRUE(IsProjectStorageUrl(url, kProject)) << url;
  }
  for (const std::string& url : std::initializer_list<std::string>{
           std::string("https://abcd.supabase.co.evil.example/storage/v1/object/public/x.jpg"),
           std::string("https://evil.example/storage/v1/object/public/x.jpg"),
           std::string("http://abcd.supabase.co/storage/v1/object/public/x.jpg"),
           std::string("https://abcd.supabase.co/rest/v1/clothing_items"),
           std::string("https://abcd.supabase.co/storage/v1/object/"),
           base + "public/../../../rest/v1/users", base + "public/./x.jpg", base + "..", base + "public//x.jpg",
           base + "public/%2e%2e/x.jpg", base + "public/%2E%2E/x.jpg", base + "public/x.jpg#frag",
           base + "public/..%2f..%2frest/v1/users", base + "public/..%5C..%5Crest", base + "public/x.jpg%00.png",
           base + "public/%252e%252e/x.jpg", base + "public/%zz.jpg", base + "public/x.jpg%2",
           base + "public/x.jpg\\..\\..\\rest", base + "public/x.jpg@evil.example", base + "public/x y.jpg",
           base + "public/x.jpg\r\nHost: evil", base + std::string(2048, 'a'),
       }) {
    EXPECT_FALSE(IsProjectStorageUrl(url, kProject)) << url;
  }
  EXPECT_FALSE(IsProjectStorageUrl(base + "public/x.jpg", "")) << "no project configured";
  EXPECT_EQ(Refused([&] {
              auto event = Insert();
              (*event.mutable_record()->mutable_fields())["image_url"].set_string_value(
                  "https://evil.example/storage/v1/object/public/x.jpg");
              return event;
            }()),
            std::vector<std::string>{"record.image_url"});
}

}  // namespace
}  // namespace stylist::wardrobe
