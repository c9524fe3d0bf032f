#include "wardrobe/photo_service.h"

#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "common/api_error.h"
#include "common/logging.h"
#include "common/proto_util.h"
#include "media/normalize.h"
#include "analysis/clothing_analyzer.h"
#include "wardrobe/photo_blobs.h"
#include "wardrobe/store.h"
#include "wardrobe/validation.h"
#include "db/queries.h"

namespace stylist::wardrobe {

void PhotoService::CheckUpload(const CallContext& call, const v1::UploadItemPhotoMetadata& metadata) {
  Violations v;
  CheckId(metadata.item_id(), "metadata.item_id", v);
  media::CheckImageMetadata(metadata.image(), limits_.max_bytes, "metadata.image", v);
  v.ThrowIfAny();
  // Fail before the client sends megabytes to an item that is not theirs.
  d_.pool.Read([&](db::Pool::ReadTx& tx) { LoadItem(tx, call.principal.user_id, metadata.item_id()); });
}

v1::ClothingItem PhotoService::StorePhoto(const CallContext& call, const v1::UploadItemPhotoMetadata& metadata,
                                          const std::string& bytes, const std::function<bool()>& cancelled) {
  return Store(call.principal.user_id, metadata.item_id(), nullptr, bytes, !metadata.skip_analysis(), cancelled);
}

v1::ClothingItem PhotoService::CreateItemWithPhoto(const std::string& user_id, const v1::ClothingItem& item,
                                                   const std::string& bytes, const std::function<bool()>& cancelled) {
  const auto stored = Store(user_id, "", &item, bytes, /*queue_analysis=*/false, cancelled);
  return AnalyzeNow(user_id, stored.item_id());
}

v1::ClothingItem PhotoService::AnalyzeNow(const std::string& user_id, const std::string& item_id) {
  const std::string stored = d_.pool.Read([&](db::Pool::ReadTx& tx) {
    auto r = db::Exec(tx, sql::photo::get, item_id, user_id);
    if (r.empty() || r[0][0].is_null()) throw NotFound("this item has no photo");
    return r[0][0].as<std::string>();
  });
  const auto photo = nlohmann::json::parse(stored);
  const std::string sha256 = photo.value("sha256", "");
  std::optional<v1::ClothingAnalysis> result;
  std::string error;
  try {
    auto bytes = d_.blobs.Get(photo.value("storage_key", ""));
    if (!bytes) throw analysis::AnalyzerError("the stored photo is missing");
    result = analyzer_.Analyze(*bytes);
  } catch (const std::exception& e) {
    error = e.what();
  }
  auto item = d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user_id);
    if (result) {
      StoreAnalysis(tx, user_id, item_id, *result, sha256, /*overwrite=*/false, change);
    } else {
      db::Exec0(tx, sql::analysis::cancel_for_item, item_id);
      db::Exec1(tx, sql::analysis::enqueue, item_id, user_id, sha256, false, queue_.max_attempts());
      db::Exec0(tx, sql::analysis::set_status, item_id, user_id, "pending", change);
    }
    return LoadItem(tx, user_id, item_id);
  });
  if (!result) {
    log::Warn("immediate analysis failed; queued for retries", {{"item_id", item_id}, {"error", error}});
    queue_.Wake();
  }
  return item;
}

v1::ClothingItem PhotoService::Store(const std::string& user, std::string item_id, const v1::ClothingItem* create,
                                     const std::string& bytes, bool analyze, const std::function<bool()>& cancelled) {
  if (bytes.empty()) throw InvalidArgument("chunk", "no image bytes were sent");
  const ml::NormalizedPhoto photo = media::NormalizeForStorage(bytes, limits_, "chunk");
  const std::string sha256 = crypto::ToHex(crypto::Sha256(photo.jpeg));
  const std::string key = storage::NewBlobKey("photos");
  const std::string thumb_key = storage::NewBlobKey("thumbnails");

  v1::PhotoInfo info;
  info.set_content_type("image/jpeg");
  info.set_size_bytes(static_cast<std::int64_t>(photo.jpeg.size()));
  info.set_width_px(photo.width);
  info.set_height_px(photo.height);
  info.set_sha256(sha256);
  proto::SetTime(info.mutable_upload_time(), std::chrono::system_clock::now());
  nlohmann::json stored = nlohmann::json::parse(proto::ToJson(info));
  stored["storage_key"] = key;
  stored["thumbnail_key"] = thumb_key;

  std::string previous;
  v1::ClothingItem item;
  try {
    d_.blobs.Put(key, photo.jpeg);
    d_.blobs.Put(thumb_key, photo.thumbnail_jpeg);
    item = d_.pool.Transact([&](pqxx::work& tx) {
      const auto change = NextChange(tx, user);
      if (create) {
        if (db::Exec1(tx, sql::wardrobe::item_count, user)[0].as<int>() >= kMaxItemsPerUser) {
          throw FailedPrecondition("a wardrobe holds at most " + std::to_string(kMaxItemsPerUser) + " items");
        }
        item_id = InsertItem(tx, user, *create, change);
      }
      const std::optional<std::string> status = analyze ? std::optional<std::string>("pending") : std::nullopt;
      auto r = db::Exec(tx, sql::photo::set, item_id, user, stored.dump(), status, change,
                        pqxx::binarystring(info.SerializeAsString()));
      if (r.empty()) throw NotFound("no such item");
      previous = r[0][0].is_null() ? "" : r[0][0].as<std::string>();
      db::Exec0(tx, sql::analysis::cancel_for_item, item_id);
      if (analyze) {
        db::Exec1(tx, sql::analysis::enqueue, item_id, user, sha256, false, queue_.max_attempts());
      }
      auto loaded = LoadItem(tx, user, item_id);
      if (cancelled()) throw ApiError(grpc::StatusCode::CANCELLED, "upload cancelled by the client");
      return loaded;
    });
  } catch (...) {
    d_.blobs.Delete(key);
    d_.blobs.Delete(thumb_key);
    throw;
  }
  DeletePhotoBlobs(d_.blobs, previous);
  if (analyze) queue_.Wake();
  return item;
}

std::string PhotoService::ReadPhoto(const CallContext& call, const v1::DownloadItemPhotoRequest& req,
                                    v1::PhotoInfo* info) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  const auto stored_photo = [&] {
    return d_.pool.Read([&](db::Pool::ReadTx& tx) {
      auto r = db::Exec(tx, sql::photo::get, req.item_id(), call.principal.user_id);
      if (r.empty()) throw NotFound("no such item");
      if (r[0][0].is_null()) throw NotFound("this item has no photo");
      return r[0][0].as<std::string>();
    });
  };
  const std::string stored = stored_photo();
  const auto json = nlohmann::json::parse(stored);
  proto::FromJson(stored, info);
  auto bytes = d_.blobs.Get(json.value(req.thumbnail() ? "thumbnail_key" : "storage_key", ""));
  if (!bytes) {
    // Deleted or replaced since the row was read (its files go after the
    // commit): say so, as the row says now. Only a row that still names
    // the missing file has lost data.
    if (stored_photo() != stored) throw ApiError(grpc::StatusCode::ABORTED, "the photo was replaced while it was read; retry");
    throw ApiError(grpc::StatusCode::DATA_LOSS, "the stored photo is missing");
  }
  if (req.thumbnail()) {
    info->set_size_bytes(static_cast<std::int64_t>(bytes->size()));
    info->set_sha256(crypto::ToHex(crypto::Sha256(*bytes)));
    info->clear_width_px();
    info->clear_height_px();
  }
  return *bytes;
}

void PhotoService::DeleteItemPhoto(const CallContext& call, const v1::DeleteItemPhotoRequest& req,
                                   v1::DeleteItemPhotoResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  std::string previous;
  *resp->mutable_item() = d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    auto r = db::Exec(tx, sql::photo::clear, req.item_id(), user, change);
    if (r.empty()) throw NotFound("no such item");
    if (r[0][0].is_null()) throw NotFound("this item has no photo");
    previous = r[0][0].as<std::string>();
    db::Exec0(tx, sql::analysis::cancel_for_item, req.item_id());
    return LoadItem(tx, user, req.item_id());
  });
  DeletePhotoBlobs(d_.blobs, previous);
}

void PhotoService::AnalyzeItem(const CallContext& call, const v1::AnalyzeItemRequest& req,
                               v1::AnalyzeItemResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  *resp->mutable_item() = d_.pool.Transact([&](pqxx::work& tx) {
    const auto change = NextChange(tx, user);
    if (db::Exec(tx, sql::wardrobe::item_lock, req.item_id(), user).empty()) throw NotFound("no such item");
    auto r = db::Exec1(tx, sql::photo::get, req.item_id(), user);
    if (r[0].is_null()) throw FailedPrecondition("this item has no photo to analyse; upload one first");
    const auto photo = nlohmann::json::parse(r[0].as<std::string>());
    db::Exec0(tx, sql::analysis::cancel_for_item, req.item_id());
    db::Exec1(tx, sql::analysis::enqueue, req.item_id(), user, photo.value("sha256", ""),
              req.overwrite_attributes(), queue_.max_attempts());
    db::Exec0(tx, sql::analysis::set_status, req.item_id(), user, "pending", change);
    return LoadItem(tx, user, req.item_id());
  });
  queue_.Wake();
}

}  // namespace stylist::wardrobe
