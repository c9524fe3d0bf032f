#include "legacy/legacy_store.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "db/queries.h"

namespace stylist::legacy {
namespace {

std::string TextOrEmpty(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

std::optional<std::string> TextOrNone(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional(f.as<std::string>());
}

}  // namespace

std::optional<LegacyOwner> PgLegacyStore::FindUser(std::int64_t legacy_user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<LegacyOwner> {
    const auto r = db::Exec(tx, sql::legacy::user_by_legacy_id, legacy_user_id);
    if (r.empty()) return std::nullopt;
    return LegacyOwner{r[0][0].as<std::string>(), TextOrNone(r[0][1]), r[0][2].as<bool>()};
  });
}

std::vector<CreatedLegacyUser> PgLegacyStore::CreateUsers(const std::vector<const NewLegacyUser*>& users) {
  nlohmann::json batch = nlohmann::json::array();
  for (const NewLegacyUser* u : users) {
    batch.push_back({{"username", u->username},
                     {"style_preferences", u->style_preferences ? nlohmann::json(*u->style_preferences) : nullptr},
                     {"api_key", u->api_key_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(u->api_key_id)}});
  }
  std::vector<CreatedLegacyUser> created;
  pool_.WriteOne([&](db::Pool::ReadTx& tx) {
    for (const auto& row : db::Exec(tx, sql::legacy::create_users, batch.dump())) {
      created.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), TextOrNone(row[2])});
    }
  });
  return created;
}

std::vector<ImageList> PgLegacyStore::ListImages(const std::vector<const std::int64_t*>& legacy_user_ids) {
  std::string ids = "{";
  for (const std::int64_t* id : legacy_user_ids) {
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(*id);
  }
  ids += '}';
  std::vector<ImageList> lists(legacy_user_ids.size());
  pool_.Read([&](db::Pool::ReadTx& tx) {
    for (const auto& row : db::Exec(tx, sql::legacy::images_of_legacy_users, ids)) {
      const auto n = row[0].as<std::size_t>();
      if (n < 1 || n > lists.size()) throw std::logic_error("legacy/images_of_legacy_users: a position out of range");
      ImageList& list = lists[n - 1];
      if (!list.owner) list.owner = LegacyOwner{row[1].as<std::string>(), TextOrNone(row[7]), row[8].as<bool>()};
      if (row[2].is_null()) continue;  // the user's one row when they have no image
      list.images.push_back({row[2].as<std::int64_t>(),
                             TagWords{TextOrEmpty(row[3]), TextOrEmpty(row[4]), TextOrEmpty(row[5]), TextOrEmpty(row[6])}});
    }
  });
  return lists;
}

std::vector<CategorisedImage> PgLegacyStore::Images(const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<CategorisedImage> images;
    for (const auto& row : db::Exec(tx, sql::legacy::images, user_id)) {
      images.push_back({row[0].as<std::int64_t>(), TextOrEmpty(row[1])});
    }
    return images;
  });
}

std::int64_t PgLegacyStore::ItemLegacyId(const std::string& item_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    return db::Exec1(tx, sql::legacy::item_legacy_id, item_id)[0].as<std::int64_t>();
  });
}

std::optional<std::string> PgLegacyStore::ImageItem(const std::string& user_id, std::int64_t legacy_image_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) -> std::optional<std::string> {
    auto rows = db::Exec(tx, sql::legacy::image_item, user_id, legacy_image_id);
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

std::int64_t PgLegacyStore::MessageSeq(const std::string& message_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    return db::Exec1(tx, sql::legacy::answer_seq, message_id)[0].as<std::int64_t>();
  });
}

std::vector<LegacyExchange> PgLegacyStore::Exchanges(const std::string& user_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) {
    std::vector<LegacyExchange> exchanges;
    for (const auto& row : db::Exec(tx, sql::legacy::exchanges, user_id)) {
      exchanges.push_back(
          {row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::int64_t>()});
    }
    return exchanges;
  });
}

}  // namespace stylist::legacy
