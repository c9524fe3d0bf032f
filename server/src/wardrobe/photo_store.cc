#include "wardrobe/photo_store.h"

#include <nlohmann/json.hpp>

#include "common/api_error.h"
#include "common/proto_util.h"
#include "db/queries.h"
#include "wardrobe/pg_rows.h"

namespace stylist::wardrobe {
namespace {

// photo/get.sql's answer.
PhotoStore::ItemPhoto ReadItemPhoto(pqxx::transaction_base& tx, const std::string& user_id,
                                    const std::string& item_id) {
  auto r = db::Exec(tx, sql::photo::get, item_id, user_id);
  if (r.empty()) return {};
  if (r[0][0].is_null()) return {true, std::nullopt};
  return {true, StoredPhotoFrom(r[0][0].as<std::string>())};
}

// The previous photo a photo/set.sql or photo/clear.sql returned.
std::string PreviousPhoto(const pqxx::row& row) { return row[0].is_null() ? "" : row[0].as<std::string>(); }

// Cancels the item's queued analysis and queues one of the photo `sha256`.
void Enqueue(pqxx::work& tx, const std::string& user_id, const std::string& item_id, const std::string& sha256,
             bool overwrite_attributes, int max_attempts) {
  db::Exec0(tx, sql::analysis::cancel_for_item, item_id);
  db::Exec1(tx, sql::analysis::enqueue, item_id, user_id, sha256, overwrite_attributes, max_attempts);
}

}  // namespace

std::string StoredPhotoJson(const v1::PhotoInfo& info, const std::string& storage_key,
                            const std::string& thumbnail_key) {
  nlohmann::json stored = nlohmann::json::parse(proto::ToJson(info));
  stored["storage_key"] = storage_key;
  stored["thumbnail_key"] = thumbnail_key;
  return stored.dump();
}

StoredPhoto StoredPhotoFrom(std::string json) {
  const auto parsed = nlohmann::json::parse(json);
  StoredPhoto photo;
  photo.sha256 = parsed.value("sha256", "");
  photo.storage_key = parsed.value("storage_key", "");
  photo.thumbnail_key = parsed.value("thumbnail_key", "");
  photo.json = std::move(json);
  return photo;
}

analysis::ItemPhotos::PhotoKey PhotoStore::PhotoKeyOf(const std::string& user_id, const std::string& item_id) {
  const ItemPhoto found = PhotoOf(user_id, item_id);
  PhotoKey key;
  key.item_exists = found.item_exists;
  if (found.photo) key.storage_key = found.photo->storage_key;
  return key;
}

v1::ClothingItem PgPhotoStore::Item(const std::string& user_id, const std::string& item_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) { return LoadItem(tx, user_id, item_id); });
}

PhotoStore::ItemPhoto PgPhotoStore::PhotoOf(const std::string& user_id, const std::string& item_id) {
  return pool_.Read([&](db::Pool::ReadTx& tx) { return ReadItemPhoto(tx, user_id, item_id); });
}

PhotoStore::PhotoChange PgPhotoStore::AttachPhoto(const std::string& user_id, const Attach& attach) {
  const std::string stored =
      StoredPhotoJson(attach.photo.info, attach.photo.storage_key, attach.photo.thumbnail_key);
  return pool_.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user_id);
    if (attach.import_job_id != 0 && db::Exec(tx, sql::analysis::lock_running, attach.import_job_id).empty()) {
      throw Aborted("the photo import was cancelled or taken over");
    }
    std::string item_id = attach.item_id;
    if (attach.new_item) {
      attach.check_item_count(db::Exec1(tx, sql::wardrobe::item_count, user_id)[0].as<int>());
      item_id = InsertItem(tx, user_id, *attach.new_item, change);
    }
    const std::optional<std::string> status =
        attach.analysis_attempts ? std::optional<std::string>("pending") : std::nullopt;
    auto r = db::Exec(tx, sql::photo::set, item_id, user_id, stored, status, change,
                      pqxx::binarystring(attach.photo.info.SerializeAsString()));
    if (r.empty()) throw NotFound("no such item");
    PhotoChange result;
    result.previous_photo = PreviousPhoto(r[0]);
    if (attach.import_job_id != 0 && !result.previous_photo.empty()) {
      throw Aborted("the item got a photo while its import ran");
    }
    db::Exec0(tx, sql::analysis::cancel_for_item, item_id);
    if (attach.analysis_attempts) {
      db::Exec1(tx, sql::analysis::enqueue, item_id, user_id, attach.photo.info.sha256(), false,
                *attach.analysis_attempts);
    }
    result.item = LoadItem(tx, user_id, item_id);
    attach.before_commit();
    return result;
  });
}

PhotoStore::PhotoChange PgPhotoStore::ClearPhoto(const std::string& user_id, const std::string& item_id,
                                                 const PhotoCheck& check) {
  return pool_.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user_id);
    auto r = db::Exec(tx, sql::photo::clear, item_id, user_id, change);
    if (r.empty()) throw NotFound("no such item");
    PhotoChange result;
    result.previous_photo = PreviousPhoto(r[0]);
    check(!r[0][0].is_null());
    db::Exec0(tx, sql::analysis::cancel_for_item, item_id);
    result.item = LoadItem(tx, user_id, item_id);
    return result;
  });
}

v1::ClothingItem PgPhotoStore::RequeueAnalysis(const std::string& user_id, const std::string& item_id,
                                               bool overwrite_attributes, int max_attempts, const PhotoCheck& check) {
  return pool_.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user_id);
    if (db::Exec(tx, sql::wardrobe::item_lock, item_id, user_id).empty()) throw NotFound("no such item");
    const std::optional<StoredPhoto> photo = ReadItemPhoto(tx, user_id, item_id).photo;
    check(photo.has_value());
    Enqueue(tx, user_id, item_id, photo ? photo->sha256 : "", overwrite_attributes, max_attempts);
    db::Exec0(tx, sql::analysis::set_status, item_id, user_id, "pending", change);
    return LoadItem(tx, user_id, item_id);
  });
}

v1::ClothingItem PgPhotoStore::QueueAnalysis(const std::string& user_id, const std::string& item_id,
                                             const std::string& sha256, int max_attempts) {
  return pool_.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user_id);
    Enqueue(tx, user_id, item_id, sha256, false, max_attempts);
    db::Exec0(tx, sql::analysis::set_status, item_id, user_id, "pending", change);
    return LoadItem(tx, user_id, item_id);
  });
}

v1::ClothingItem PgPhotoStore::StoreAnalysis(const std::string& user_id, const std::string& item_id,
                                             const v1::ClothingAnalysis& analysis, const std::string& sha256,
                                             bool overwrite) {
  return pool_.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user_id);
    wardrobe::StoreAnalysis(tx, user_id, item_id, analysis, sha256, overwrite, change);
    return LoadItem(tx, user_id, item_id);
  });
}

}  // namespace stylist::wardrobe
