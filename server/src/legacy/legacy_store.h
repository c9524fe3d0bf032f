#pragma once
// The rows behind the legacy AI-stylist API: the only code of the legacy
// service that speaks SQL (PgLegacyStore), behind an interface so its rules
// (whom a caller may act for, which creations win a username, how images
// group into outfits) are unit-tested with an in-memory fake
// (tests/unit/fake_legacy_store.h).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "legacy/codec.h"
#include "stylist/v1/legacy.pb.h"

namespace stylist::legacy {

// A user a legacy id names, with what decides who may act for them.
struct LegacyOwner {
  std::string user_id;
  // The stored API key that created the user (CreateLegacyUser), if any.
  std::optional<std::string> created_by_key;
  // Made by CreateLegacyUser, rather than a Stylist account.
  bool legacy_user = false;
};

struct NewLegacyUser {
  std::string username;
  std::optional<std::string> style_preferences;
  std::string api_key_id;  // the creating key when it is a stored one ("" for a user or the bootstrap key)
};

// A created legacy user, as stored.
struct CreatedLegacyUser {
  std::int64_t id = 0;
  std::string username;
  std::optional<std::string> style_preferences;
};

// An analysed image, for grouping into outfits.
struct CategorisedImage {
  std::int64_t legacy_id = 0;
  std::string category;  // the analysis's ClothingCategory name; "" until analysed
};

// One legacy user's images, as a list request reads them.
struct ImageList {
  std::optional<LegacyOwner> owner;  // nullopt: no such user
  std::vector<ImageRow> images;      // items with a photo, oldest first
};

struct LegacyExchange {
  std::int64_t id = 0;  // the answer's sequence number
  std::string question;
  std::string answer;
  std::int64_t create_micros = 0;  // the question's
};

class LegacyStore {
 public:
  virtual ~LegacyStore() = default;

  virtual std::optional<LegacyOwner> FindUser(std::int64_t legacy_user_id) = 0;

  // Creates the users, in order, in one statement; a username already taken
  // (in any letter case, also by an earlier one of the same call) is
  // skipped, and so missing from what comes back.
  virtual std::vector<CreatedLegacyUser> CreateUsers(const std::vector<const NewLegacyUser*>& users) = 0;

  // The images of each legacy user asked for, one list per id in order (an
  // id asked twice is read twice), in one round trip: the hot legacy route's
  // batched read (see LegacyService::ListLegacyImages).
  virtual std::vector<ImageList> ListImages(const std::vector<const std::int64_t*>& legacy_user_ids) = 0;

  // The user's items with a photo, oldest first.
  virtual std::vector<CategorisedImage> Images(const std::string& user_id) = 0;
  // The legacy id of an item.
  virtual std::int64_t ItemLegacyId(const std::string& item_id) = 0;
  // The item a legacy image id names among the user's items with a photo.
  virtual std::optional<std::string> ImageItem(const std::string& user_id, std::int64_t legacy_image_id) = 0;
  // The sequence number of a chat message (a legacy conversation's id).
  virtual std::int64_t MessageSeq(const std::string& message_id) = 0;
  // The user's answers with the question before each, oldest first (at
  // most 1,000).
  virtual std::vector<LegacyExchange> Exchanges(const std::string& user_id) = 0;
};

class PgLegacyStore final : public LegacyStore {
 public:
  explicit PgLegacyStore(db::Pool& pool) : pool_(pool) {}

  std::optional<LegacyOwner> FindUser(std::int64_t legacy_user_id) override;
  std::vector<CreatedLegacyUser> CreateUsers(const std::vector<const NewLegacyUser*>& users) override;
  std::vector<ImageList> ListImages(const std::vector<const std::int64_t*>& legacy_user_ids) override;
  std::vector<CategorisedImage> Images(const std::string& user_id) override;
  std::int64_t ItemLegacyId(const std::string& item_id) override;
  std::optional<std::string> ImageItem(const std::string& user_id, std::int64_t legacy_image_id) override;
  std::int64_t MessageSeq(const std::string& message_id) override;
  std::vector<LegacyExchange> Exchanges(const std::string& user_id) override;

 private:
  db::Pool& pool_;
};

}  // namespace stylist::legacy
