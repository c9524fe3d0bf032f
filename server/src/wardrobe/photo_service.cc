#include "wardrobe/photo_service.h"

#include "common/crypto.h"
#include "common/api_error.h"
#include "common/logging.h"
#include "common/proto_util.h"
#include "media/normalize.h"
#include "analysis/clothing_analyzer.h"
#include "wardrobe/photo_blobs.h"
#include "wardrobe/validation.h"

namespace stylist::wardrobe {
namespace {

// The item fields an analysis set or changed, by their names in the API.
std::vector<std::string> ChangedByAnalysis(const v1::ClothingItem& before, const v1::ClothingItem& after) {
  std::vector<std::string> changed;
  if (before.analysis().SerializeAsString() != after.analysis().SerializeAsString()) changed.push_back("analysis");
  if (before.category() != after.category()) changed.push_back("category");
  if (before.subcategory() != after.subcategory()) changed.push_back("subcategory");
  if (before.primary_color() != after.primary_color()) changed.push_back("primary_color");
  if (before.secondary_color() != after.secondary_color()) changed.push_back("secondary_color");
  if (before.pattern() != after.pattern()) changed.push_back("pattern");
  return changed;
}

}  // namespace


void PhotoService::CheckUpload(const CallContext& call, const v1::UploadItemPhotoMetadata& metadata) {
  Violations v;
  CheckId(metadata.item_id(), "metadata.item_id", v);
  media::CheckImageMetadata(metadata.image(), limits_.max_bytes, "metadata.image", v);
  v.ThrowIfAny();
  // Fail before the client sends megabytes to an item that is not theirs,
  // or an analysis the caller has no budget left for.
  d_.photos.Item(call.principal.user_id, metadata.item_id());
  if (!metadata.skip_analysis()) ChargeAnalysis(call.principal, call.principal.user_id);
}

void PhotoService::ChargeAnalysis(const Principal& caller, const std::string& user_id) {
  d_.quota.Take(caller, user_id, AiWork::kPhotoAnalysis);
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

bool PhotoService::AwaitsPhoto(const std::string& user_id, const std::string& item_id) {
  const auto found = d_.photos.PhotoOf(user_id, item_id);
  return found.item_exists && !found.photo;
}

void PhotoService::StoreImportedPhoto(const std::string& user_id, const std::string& item_id,
                                      const std::string& bytes, std::int64_t job_id) {
  Store(user_id, item_id, nullptr, bytes, /*analyze=*/true, [] { return false; }, job_id);
}

v1::ClothingItem PhotoService::AnalyzeNow(const std::string& user_id, const std::string& item_id) {
  const std::optional<StoredPhoto> photo = d_.photos.PhotoOf(user_id, item_id).photo;
  if (!photo) throw NotFound("this item has no photo");
  const std::string& sha256 = photo->sha256;
  std::optional<v1::ClothingAnalysis> result;
  std::string error;
  try {
    auto bytes = d_.blobs.Get(photo->storage_key);
    if (!bytes) throw analysis::AnalyzerError("the stored photo is missing");
    result = analyzer_.Analyze(*bytes);
  } catch (const std::exception& e) {
    error = e.what();
  }
  auto item = result ? d_.photos.StoreAnalysis(user_id, item_id, *result, sha256, /*overwrite=*/false)
                     : d_.photos.QueueAnalysis(user_id, item_id, sha256, queue_.max_attempts());
  if (!result) {
    log::Warn("immediate analysis failed; queued for retries", {{"item_id", item_id}, {"error", error}});
    queue_.Wake();
  }
  return item;
}

void PhotoService::AnalyzeItemNow(const std::string& user_id, const std::string& item_id, bool overwrite,
                                  v1::AnalyzeItemResponse* resp) {
  const v1::ClothingItem before = d_.photos.Item(user_id, item_id);
  const PhotoStore::ItemPhoto found = d_.photos.PhotoOf(user_id, item_id);
  if (!found.photo) throw FailedPrecondition("this item has no photo to analyse; upload one first");
  v1::ClothingAnalysis result;
  try {
    auto bytes = d_.blobs.Get(found.photo->storage_key);
    if (!bytes) throw analysis::AnalyzerError("the stored photo is missing");
    result = analyzer_.Analyze(*bytes);
  } catch (const ApiError&) {
    throw;  // the model busy (RESOURCE_EXHAUSTED) says so itself
  } catch (const std::exception& e) {
    // Nothing was written: the item keeps its fields and its analysis.
    log::Warn("analysis on request failed", {{"item_id", item_id}, {"error", e.what()}});
    throw Unavailable("the photo could not be analysed now; the item is unchanged, try again later");
  }
  *resp->mutable_item() = d_.photos.StoreAnalysis(user_id, item_id, result, found.photo->sha256, overwrite);
  // The result is stored only for the photo it analysed (StoreAnalysis).
  if (resp->item().photo().sha256() != found.photo->sha256) {
    throw Aborted("the item's photo changed during the analysis; nothing was stored, try again");
  }
  resp->clear_updated_fields();
  for (auto& field : ChangedByAnalysis(before, resp->item())) resp->add_updated_fields(std::move(field));
}

v1::ClothingItem PhotoService::Store(const std::string& user, std::string item_id, const v1::ClothingItem* create,
                                     const std::string& bytes, bool analyze, const std::function<bool()>& cancelled,
                                     std::int64_t import_job_id) {
  if (bytes.empty()) throw InvalidArgument("chunk", "no image bytes were sent");
  const ml::NormalizedPhoto photo = media::NormalizeForStorage(bytes, limits_, "chunk");
  const std::string sha256 = crypto::ToHex(crypto::Sha256(photo.jpeg));
  const std::string key = storage::NewBlobKey("photos");
  const std::string thumb_key = storage::NewBlobKey("thumbnails");

  PhotoStore::Attach attach;
  attach.item_id = std::move(item_id);
  attach.new_item = create;
  attach.check_item_count = [](int item_count) {
    if (item_count >= kMaxItemsPerUser) {
      throw FailedPrecondition("a wardrobe holds at most " + std::to_string(kMaxItemsPerUser) + " items");
    }
  };
  if (analyze) attach.analysis_attempts = queue_.max_attempts();
  attach.before_commit = [&] {
    if (cancelled()) throw ApiError(grpc::StatusCode::CANCELLED, "upload cancelled by the client");
  };
  attach.import_job_id = import_job_id;
  attach.photo.storage_key = key;
  attach.photo.thumbnail_key = thumb_key;
  v1::PhotoInfo& info = attach.photo.info;
  info.set_content_type("image/jpeg");
  info.set_size_bytes(static_cast<std::int64_t>(photo.jpeg.size()));
  info.set_width_px(photo.width);
  info.set_height_px(photo.height);
  info.set_sha256(sha256);
  proto::SetTime(info.mutable_upload_time(), std::chrono::system_clock::now());

  PhotoStore::PhotoChange change;
  try {
    d_.blobs.Put(key, photo.jpeg);
    d_.blobs.Put(thumb_key, photo.thumbnail_jpeg);
    change = d_.photos.AttachPhoto(user, attach);
  } catch (...) {
    d_.blobs.Delete(key);
    d_.blobs.Delete(thumb_key);
    throw;
  }
  DeletePhotoBlobs(d_.blobs, change.previous_photo);
  if (analyze) queue_.Wake();
  return change.item;
}

std::string PhotoService::ReadPhoto(const CallContext& call, const v1::DownloadItemPhotoRequest& req,
                                    v1::PhotoInfo* info) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  return ReadPhotoOf(call.principal.user_id, req.item_id(), req.thumbnail(), info);
}

std::string PhotoService::ReadPhotoOf(const std::string& user_id, const std::string& item_id, bool thumbnail,
                                      v1::PhotoInfo* info) {
  const StoredPhoto stored = PhotoOrNotFound(user_id, item_id);
  proto::FromJson(stored.json, info);
  auto bytes = d_.blobs.Get(thumbnail ? stored.thumbnail_key : stored.storage_key);
  if (!bytes) {
    // Deleted or replaced since the row was read (its files go after the
    // commit): say so, as the row says now. Only a row that still names
    // the missing file has lost data.
    if (PhotoOrNotFound(user_id, item_id).json != stored.json) throw ApiError(grpc::StatusCode::ABORTED, "the photo was replaced while it was read; retry");
    throw ApiError(grpc::StatusCode::DATA_LOSS, "the stored photo is missing");
  }
  if (thumbnail) {
    info->set_size_bytes(static_cast<std::int64_t>(bytes->size()));
    info->set_sha256(crypto::ToHex(crypto::Sha256(*bytes)));
    info->clear_width_px();
    info->clear_height_px();
  }
  return *bytes;
}

StoredPhoto PhotoService::PhotoOrNotFound(const std::string& user_id, const std::string& item_id) {
  const PhotoStore::ItemPhoto found = d_.photos.PhotoOf(user_id, item_id);
  if (!found.item_exists) throw NotFound("no such item");
  if (!found.photo) throw NotFound("this item has no photo");
  return *found.photo;
}

void PhotoService::GetItemPhotoUrl(const CallContext& call, const v1::GetItemPhotoUrlRequest& req,
                                   v1::GetItemPhotoUrlResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  const auto none = [] {
    return FailedPrecondition(
        "this server hands out no photo URLs (they need S3 storage and STYLIST_S3_PHOTO_URL_TTL): download the photo "
        "with DownloadItemPhoto");
  };
  // Said before any read: the edge with -photo-redirects asks this first.
  if (url_ttl_.count() == 0) throw none();
  const StoredPhoto photo = PhotoOrNotFound(call.principal.user_id, req.item_id());
  const auto issued = std::chrono::system_clock::now();
  const auto url = d_.blobs.PresignedGetUrl(req.thumbnail() ? photo.thumbnail_key : photo.storage_key, url_ttl_);
  if (!url) throw none();
  resp->set_url(*url);
  proto::SetTime(resp->mutable_expire_time(), issued + url_ttl_);
}

void PhotoService::DeleteItemPhoto(const CallContext& call, const v1::DeleteItemPhotoRequest& req,
                                   v1::DeleteItemPhotoResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  PhotoStore::PhotoChange change = d_.photos.ClearPhoto(user, req.item_id(), [](bool had_photo) {
    if (!had_photo) throw NotFound("this item has no photo");
  });
  *resp->mutable_item() = std::move(change.item);
  DeletePhotoBlobs(d_.blobs, change.previous_photo);
}

void PhotoService::AnalyzeItem(const CallContext& call, const v1::AnalyzeItemRequest& req,
                               v1::AnalyzeItemResponse* resp) {
  Violations v;
  CheckId(req.item_id(), "item_id", v);
  v.ThrowIfAny();
  const std::string& user = call.principal.user_id;
  ChargeAnalysis(call.principal, user);
  if (req.wait()) {
    AnalyzeItemNow(user, req.item_id(), req.overwrite_attributes(), resp);
    return;
  }
  *resp->mutable_item() = d_.photos.RequeueAnalysis(
      user, req.item_id(), req.overwrite_attributes(), queue_.max_attempts(), [](bool had_photo) {
        if (!had_photo) throw FailedPrecondition("this item has no photo to analyse; upload one first");
      });
  queue_.Wake();
}

}  // namespace stylist::wardrobe
