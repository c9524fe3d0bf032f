// The rules of the database webhook (DatabaseWebhookService): which events
// of the Supabase project import an item, and what a record must hold.
// Pure functions over the request, unit-tested without a database
// (tests/unit/item_import_test.cc).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "stylist/v1/wardrobe.pb.h"
#include "stylist/v1/webhook.pb.h"

namespace stylist::wardrobe {

struct ItemImportOptions {
  // The Supabase project's URL without a trailing slash; empty: the server
  // imports nothing (config/config.cc fills it from STYLIST_SUPABASE_URL).
  std::string project_url;
  // Its Auth issuer (<url>/auth/v1): records' user_id are its subjects.
  std::string issuer;
  // Bounds on fetching a photo from the project's storage.
  std::chrono::milliseconds photo_connect_timeout{5000};
  std::chrono::milliseconds photo_timeout{30000};
};

// The table whose inserts are imported, and the source name its rows are
// remembered under (item_imports.source).
inline constexpr char kItemsSchema[] = "public";
inline constexpr char kItemsTable[] = "clothing_items";
inline constexpr char kItemsSource[] = "supabase:public.clothing_items";

// A row of the items table to import.
struct ItemRecord {
  std::string record_id;  // the row's id (a uuid, or a number as text)
  std::string subject;    // its user_id: the owner's Supabase user id
  std::string image_url;  // where its photo is, in the project's storage
  v1::ClothingItem item;  // name, description (notes), brand, category, colour
};

// An event's meaning: a record to import, or why it is ignored.
struct EventDecision {
  std::optional<ItemRecord> import;
  std::string ignored_because;
};

// Throws INVALID_ARGUMENT naming each bad field ("type", "record.user_id",
// "record.image_url", ...) for a malformed event, or a malformed record of
// the items table; other tables and types are ignored, not judged.
EventDecision DecideEvent(const v1::HandleDatabaseEventRequest& event, const ItemImportOptions& options);

// True when `url` is an object of the project's storage API
// (<project>/storage/v1/object/...) with nothing that could lead the
// fetch elsewhere: no dot segments (plain or percent-encoded), no
// backslashes, user info, fragments, spaces or control characters.
bool IsProjectStorageUrl(const std::string& url, const std::string& project_url);

}  // namespace stylist::wardrobe
